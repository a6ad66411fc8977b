import { formatUsd } from '../format/roundForPeople'
import type { RoutingRecord } from './routingRecord'

/** What one routing decision comes to, for the people reading a chat: what answered, why, at what cost. */
export interface DecisionSummary {
    readonly model: string
    readonly strategy: string
    readonly limits: RoutingRecord['limits']
    /** usage × prices (USD), rounded for people. */
    readonly costUsd?: number
    readonly tokens?: { readonly input: number; readonly output: number }
    /** Wall time of the whole call, failed tries included (ms). */
    readonly latencyMs: number
    /** Models that failed first, in order, each with why. */
    readonly fallbacks: readonly { readonly model: string; readonly error: string }[]
    /** Candidates the limits excluded, each with why. */
    readonly excluded: readonly { readonly model: string; readonly reason: string }[]
    /** All of it in one line. */
    readonly text: string
}

const limitText = (limits: RoutingRecord['limits']): string[] => [
    ...(limits.maxCostUsd !== undefined ? [`max cost ${formatUsd(limits.maxCostUsd)}`] : []),
    ...(limits.maxLatencyMs !== undefined ? [`max latency ${limits.maxLatencyMs} ms`] : []),
    ...(limits.minQuality !== undefined ? [`min quality ${limits.minQuality}`] : []),
    ...(limits.required.length ? [`needs ${limits.required.join(', ')}`] : [])
]

/** Summaries already made: a call's record is summarized for its message and for the prediction's answer. */
const summaries = new WeakMap<RoutingRecord, DecisionSummary>()

/** The summary of a routing record (the record itself stays in `response_metadata.orquesta`). */
export const summarizeDecision = (record: RoutingRecord): DecisionSummary => {
    let summary = summaries.get(record)
    if (!summary) summaries.set(record, (summary = summaryOf(record)))
    return summary
}

const summaryOf = (record: RoutingRecord): DecisionSummary => {
    const fallbacks = record.attempts
        .filter((a) => a.outcome === 'failed')
        .map((a) => ({ model: a.model, error: [a.status, a.code].filter(Boolean).join(' ') || (a.error ?? 'failed') }))
    const excluded = record.excluded.map((e) => ({ model: e.model, reason: e.reason }))
    const tokens = record.usage ? { input: record.usage.inputTokens, output: record.usage.outputTokens } : undefined
    const why = [
        record.strategy,
        ...limitText(record.limits),
        ...(record.latencyLimitRelaxed ? ['latency limit relaxed: no candidate met it'] : [])
    ]
    const parts = [
        `${record.model} (${why.join('; ')})`,
        ...(tokens ? [`${tokens.input} in / ${tokens.output} out tokens`] : []),
        ...(record.costUsd !== undefined ? [formatUsd(record.costUsd)] : []),
        `${record.totalLatencyMs} ms`,
        ...(fallbacks.length ? [`after ${fallbacks.map((f) => `${f.model} (${f.error})`).join(', ')} failed`] : []),
        ...(excluded.length ? [`excluded ${excluded.map((e) => `${e.model}: ${e.reason}`).join(', ')}`] : [])
    ]
    return {
        model: record.model,
        strategy: record.strategy,
        limits: record.limits,
        costUsd: record.costUsd,
        tokens,
        latencyMs: record.totalLatencyMs,
        fallbacks,
        excluded,
        text: parts.join(' · ')
    }
}
