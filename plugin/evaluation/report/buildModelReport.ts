import type { CaseResult, ModelReport } from '../types'
import { aggregateCases } from './aggregateCases'
import { measureCost } from './cost'
import { requireSingle } from './errors'
import { measurePerformance } from './performance'
import { measureQuality } from './quality'
import { recommend, type RecommendationThresholds } from './recommendations'

export type ModelReportOptions = RecommendationThresholds

/** The most frequent error message among failed calls, if any failed. */
const commonestError = (results: readonly CaseResult[]): string | undefined => {
    const counts = new Map<string, number>()
    for (const r of results) if (r.error !== undefined) counts.set(r.error, (counts.get(r.error) ?? 0) + 1)
    let commonest: string | undefined
    for (const [error, count] of counts) if (commonest === undefined || count > counts.get(commonest)!) commonest = error
    return commonest
}

/**
 * The report on one model: quality (overall and per category, each a 95% interval over cases),
 * performance (latency percentiles, throughput, error rate), cost (USD) and recommendations.
 *
 * Repeats of a case are averaged first, so every quality `n` counts cases, not calls. Failed calls
 * (no pass/score) are not wrong answers: they are left out of quality and counted in `errorRate`.
 * Results of several runs of the same model may be combined; their repeats of a case pool.
 *
 * @throws EvaluationReportError when `results` are empty, mix models, or give one case two categories
 */
export const buildModelReport = (results: readonly CaseResult[], options: ModelReportOptions = {}): ModelReport => {
    const model = requireSingle(results, (r) => r.model, 'model', 'buildModelReport')
    const quality = measureQuality(aggregateCases(results))
    const figures = {
        model,
        quality,
        performance: measurePerformance(results),
        cost: measureCost(results, quality.overall.n === 0 ? undefined : quality.overall.value)
    }
    return { ...figures, recommendations: recommend(figures, commonestError(results), options) }
}
