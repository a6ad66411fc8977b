import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models'
import type { ProxyEndpoint } from '../litellm/LiteLLMClient'
import type { RouterCallEvent } from '../observability/metrics'
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
    /** Time limit of one try until its first token (ms). */
    readonly attemptTimeoutMs: number
    /** Time limit of all tries together until the first token (ms). */
    readonly totalTimeoutMs: number
}

/** Who and what a request is attributed to in LiteLLM's spend logs and traces. */
export interface Attribution {
    readonly user?: string
    readonly metadata?: Readonly<Record<string, unknown>>
    readonly tags?: readonly string[]
}

/**
 * Where observed latencies are kept. Flowise deep-clones node instances before it runs them
 * (lodash `cloneDeep` in its variable resolution), which would copy any store held directly;
 * functions survive the clone by reference, so shared state is reached through them.
 */
export interface LatencyObservations {
    /** Median observed latency (ms) of a model, or undefined before the first observation. */
    readonly median: (model: string) => number | undefined
    readonly record: (model: string, ms: number) => void
}

export interface LiteLLMRouterChatModelFields extends BaseChatModelParams {
    readonly endpoint: ProxyEndpoint
    readonly candidates: readonly ModelProfile[]
    readonly routing: RoutingSettings
    readonly reliability: ReliabilitySettings
    readonly latency: LatencyObservations
    readonly temperature?: number
    readonly maxTokens?: number
    readonly topP?: number
    readonly streaming?: boolean
    readonly attribution?: Attribution
    /** Receives one event per call for metrics; a function, for the reason above. */
    readonly observe?: (event: RouterCallEvent) => void
    /** Receives each routing decision (debug level); a function, for the reason above. */
    readonly debug?: (message: string) => void
}
