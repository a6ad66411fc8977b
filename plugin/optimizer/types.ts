import type { FlowData } from '../flow/flowData'
import type { NodeDefinitions } from '../flow/validateFlow'
import type { ModelProfile } from '../router/types'

/** The optimizer's passes, in the order they run. */
export const PASS_NAMES = [
    'remove-unreachable-nodes',
    'merge-duplicate-nodes',
    'route-through-router',
    'add-cache',
    'set-timeouts',
    'apply-constraints',
    'report-parallel-branches'
] as const
export type PassName = (typeof PASS_NAMES)[number]

/** What the user asks of the optimized flow. */
export interface OptimizeConstraints {
    /** Maximum cost per request (USD). */
    readonly maxCostUsd?: number
    /** Maximum latency (ms). */
    readonly maxLatencyMs?: number
    /** Minimum quality in [0, 1]. */
    readonly minQuality?: number
    readonly preferredModels?: readonly string[]
    /** A Flowise credential id for Redis: the cache pass then uses RedisCache instead of InMemoryCache. */
    readonly redisCredentialId?: string
}

export interface OptimizerContext {
    readonly definitions: NodeDefinitions
    readonly constraints: OptimizeConstraints
    /** The LiteLLM proxy's models (prices, capabilities, quality), when it could be asked. */
    readonly models?: readonly ModelProfile[]
    /** The plugin's LiteLLM proxy URL: chat models pointed at it can be routed. */
    readonly proxyUrl?: string
    /** Ids of the Flowise credentials that hold the server's proxy key (nodes using others are not routed). */
    readonly proxyCredentials?: ReadonlySet<string>
}

/** One change a pass made, or (as a finding) one it chose not to make. */
export interface FlowChange {
    readonly pass: PassName
    readonly nodeIds: readonly string[]
    readonly before: unknown
    readonly after: unknown
    readonly reason: string
}

export interface PassResult {
    readonly flow: FlowData
    readonly changes: readonly FlowChange[]
    /** Opportunities or risks the pass reports without acting on them. */
    readonly findings: readonly FlowChange[]
}

/**
 * An optimizer pass: a pure function from a flow to a flow, idempotent (running it on its own
 * output changes nothing), reporting every change it makes.
 */
export interface OptimizerPass {
    readonly name: PassName
    readonly description: string
    run(flow: FlowData, context: OptimizerContext): PassResult
}
