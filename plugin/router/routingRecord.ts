import { roundMsOrUndefined, roundUsd } from '../format/roundForPeople'
import type { TokenUsage } from './callCost'
import type { HealthView } from './ModelHealth'
import type { AttemptRecord } from './runWithFallbacks'
import type { Capability, Decision, RankedCandidate, StrategyName, TaskCategory } from './types'

/** The limits a call was routed under; absent ones were not set. */
export interface RoutingLimits {
    readonly maxCostUsd?: number
    readonly maxLatencyMs?: number
    readonly minQuality?: number
    readonly required: readonly Capability[]
}

/** The routing record attached to every answer as `response_metadata.orquesta`. */
export interface RoutingRecord {
    readonly model: string
    readonly strategy: StrategyName
    readonly category: TaskCategory
    /** The node's limits the decision applied: cost (USD), latency (ms), quality (0–1), capabilities. */
    readonly limits: RoutingLimits
    readonly estimatedInputTokens: number
    readonly candidates: readonly {
        model: string
        score: number
        estimatedCostUsd: number
        expectedLatencyMs?: number
        quality?: number
        /** The evaluation run the quality comes from; absent when it is the config's prior. */
        measuredBy?: string
    }[]
    readonly excluded: Decision['excluded']
    /** Candidates whose circuit was open (or being probed by another request) when the call was routed. */
    readonly health: readonly HealthView[]
    /**
     * Every candidate was over Max Latency (and nothing else): the call went to the fastest ones
     * instead of failing. A latency limit is a preference; cost, capability and quality limits are not.
     */
    readonly latencyLimitRelaxed?: boolean
    /** Every try, in order, each with its own latency and error. */
    readonly attempts: readonly AttemptRecord[]
    readonly usage?: TokenUsage
    /** usage × prices (USD). */
    readonly costUsd?: number
    /** `x-litellm-response-cost` (USD). */
    readonly proxyCostUsd?: number
    readonly costMismatch?: boolean
    /** Wall time of the successful try (ms). */
    readonly latencyMs: number
    /** Wall time of the whole call, failed tries and waits included (ms). */
    readonly totalLatencyMs: number
    /** Time to the first token of the successful try (ms), streams only. */
    readonly timeToFirstTokenMs?: number
    /** `x-litellm-response-duration-ms`. */
    readonly proxyDurationMs?: number
}

/** One call through the router, as the router reports it (metrics, traces). */
export interface RouterCallEvent {
    readonly strategy: string
    /** Chosen model, or undefined when every candidate failed or none was admitted. */
    readonly model?: string
    readonly provider?: string
    readonly outcome: 'ok' | 'error' | 'no-candidate'
    /** Wall time of the whole call (ms). */
    readonly durationMs: number
    readonly timeToFirstTokenMs?: number
    readonly inputTokens?: number
    readonly outputTokens?: number
    readonly costUsd?: number
    /** Models that failed before the call committed to an answer. */
    readonly fallbacks: readonly string[]
    /** Exclusion reasons of the decision. */
    readonly exclusions: readonly string[]
    readonly errorType?: string
    /** The decision record of a successful call, for tracing. */
    readonly record?: RoutingRecord
}

export const summarize = (candidate: RankedCandidate) => ({
    model: candidate.model.name,
    score: Number(candidate.score.toFixed(4)),
    estimatedCostUsd: roundUsd(candidate.costUsd),
    expectedLatencyMs: roundMsOrUndefined(candidate.latencyMs),
    quality: candidate.quality,
    measuredBy: candidate.model.measuredBy
})
