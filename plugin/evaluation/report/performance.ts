import { median } from '../stats/simpleStatistics'
import { percentile } from '../stats/percentile'
import { wilsonInterval } from '../stats/intervals'
import type { CaseResult, ModelReport } from '../types'

/**
 * Output tokens per second of one call's generation: output tokens over the time after the first
 * token when that is known (decoding speed, free of queueing and prompt processing), else over the
 * whole call. Undefined when the call produced no tokens or took no measurable time.
 */
const tokensPerSecond = (result: CaseResult): number | undefined => {
    if (!result.outputTokens) return undefined
    const afterFirstToken = result.ttftMs === undefined ? undefined : result.latencyMs - result.ttftMs
    const generationMs = afterFirstToken !== undefined && afterFirstToken > 0 ? afterFirstToken : result.latencyMs
    return generationMs > 0 ? result.outputTokens / (generationMs / 1000) : undefined
}

/**
 * The performance part of a model report. Latency and throughput describe successful calls only:
 * a failed call's time is that of an error page or a time-out, not of an answer, and shows in
 * `errorRate` instead. Throughput is the median over calls of per-call tokens per second (robust to
 * a few one-token answers), not total tokens over total time (which long answers dominate).
 * The error rate counts calls (failed ÷ all), its Wilson interval treating calls as independent.
 */
export const measurePerformance = (results: readonly CaseResult[]): ModelReport['performance'] => {
    // Answered calls, graded or not (a case without assertions records its answer's time and cost).
    const succeeded = results.filter((r) => r.error === undefined)
    const latencies = succeeded.map((r) => r.latencyMs)
    const ttfts = succeeded.flatMap((r) => (r.ttftMs === undefined ? [] : [r.ttftMs]))
    const speeds = succeeded.flatMap((r) => {
        const speed = tokensPerSecond(r)
        return speed === undefined ? [] : [speed]
    })
    return {
        p50LatencyMs: percentile(latencies, 0.5),
        p95LatencyMs: percentile(latencies, 0.95),
        p50TtftMs: percentile(ttfts, 0.5),
        tokensPerSecond: speeds.length === 0 ? undefined : median(speeds),
        errorRate: wilsonInterval(results.length - succeeded.length, results.length)
    }
}
