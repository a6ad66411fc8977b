import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models'
import type { LiteLLMClient, ProxyEndpoint } from '../litellm/LiteLLMClient'
import type { LatencyTracker } from './LatencyTracker'
import type { ModelHealth } from './ModelHealth'
import type { RouterCallEvent } from './routingRecord'
import type { Capability, ModelProfile, StrategyName, TaskCategory } from './types'

/** How the router chooses among its candidates. */
export interface RoutingSettings {
    readonly strategy: StrategyName
    readonly category: TaskCategory
    readonly minQuality?: number
    /** Maximum estimated cost per request (USD). */
    readonly maxCostUsd?: number
    /** Maximum expected latency (ms). */
    readonly maxLatencyMs?: number
    readonly required: readonly Capability[]
    readonly preferred: readonly string[]
    /** Output tokens assumed for cost estimates when no max tokens is set. */
    readonly defaultOutputTokens: number
}

/** How hard the router tries before giving up. */
export interface ReliabilitySettings {
    /** Models tried at most per request (the first choice included). */
    readonly maxAttempts: number
    /** Time limit of one try until it commits: its first token, or its whole answer (ms). */
    readonly attemptTimeoutMs: number
    /** Time limit of all tries together, waits included (ms). */
    readonly totalTimeoutMs: number
}

/** Who and what a request is attributed to in LiteLLM's spend logs and traces. */
export interface Attribution {
    readonly user?: string
    readonly metadata?: Readonly<Record<string, unknown>>
    readonly tags?: readonly string[]
}

export interface LiteLLMRouterChatModelFields extends BaseChatModelParams {
    readonly endpoint: ProxyEndpoint
    readonly candidates: readonly ModelProfile[]
    readonly routing: RoutingSettings
    readonly reliability: ReliabilitySettings
    /** The proxy client; one per endpoint is kept by the runtime. */
    readonly client?: LiteLLMClient
    /** Observed latencies, shared by the router nodes of the process (a new tracker when absent). */
    readonly latency?: LatencyTracker
    /** Model circuit breakers, shared by the router nodes of the process (new ones when absent). */
    readonly health?: ModelHealth
    readonly temperature?: number
    readonly maxTokens?: number
    readonly topP?: number
    readonly frequencyPenalty?: number
    readonly presencePenalty?: number
    /** Stop sequences. */
    readonly stop?: readonly string[]
    /** Whether Flowise may pass uploaded images to this model (its chains check `multiModalOption`). */
    readonly allowImageUploads?: boolean
    readonly streaming?: boolean
    readonly attribution?: Attribution
    /** Receives one event per call for metrics and traces. */
    readonly observe?: (event: RouterCallEvent) => void
    /** Receives each routing decision (debug level). */
    readonly debug?: (message: string) => void
}
