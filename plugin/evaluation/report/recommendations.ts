import type { Estimate, ModelReport } from '../types'

/** Thresholds behind a model report's recommendations. */
export interface RecommendationThresholds {
    /** Cases a score needs to be called reliable (30, where a pass rate's standard error falls to about 7–9 points). */
    readonly minReliableCases?: number
    /** Error rate above which the scores are suspect (0.05). */
    readonly maxErrorRate?: number
    /** p95 latency above which the model is flagged as slow (ms; 10,000). */
    readonly p95LatencyBudgetMs?: number
    /** Score a category's upper 95% bound must reach to be usable (0.5). */
    readonly minUsableScore?: number
}

export const DEFAULT_RECOMMENDATION_THRESHOLDS: Required<RecommendationThresholds> = {
    minReliableCases: 30,
    maxErrorRate: 0.05,
    p95LatencyBudgetMs: 10_000,
    minUsableScore: 0.5
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const interval = (e: Estimate) => `${e.value.toFixed(2)} (95% CI ${e.low.toFixed(2)}–${e.high.toFixed(2)}, n = ${e.n})`

/**
 * Short, actionable advice from a model report's figures, most urgent first: failing calls
 * (which make every score suspect), unusable categories, scopes with too few cases, slowness.
 *
 * @param commonestError the most frequent provider error, quoted in the error-rate advice
 */
export const recommend = (
    report: Omit<ModelReport, 'recommendations'>,
    commonestError: string | undefined,
    thresholds: RecommendationThresholds = {}
): string[] => {
    const t = { ...DEFAULT_RECOMMENDATION_THRESHOLDS, ...thresholds }
    const advice: string[] = []
    const { errorRate, p95LatencyMs } = report.performance
    if (errorRate.n > 0 && errorRate.value > t.maxErrorRate) {
        const failed = Math.round(errorRate.value * errorRate.n)
        advice.push(
            `Error rate ${pct(errorRate.value)} (${failed} of ${errorRate.n} calls) is above ${pct(t.maxErrorRate)}: fix the provider errors` +
                `${commonestError === undefined ? '' : ` (most frequent: "${commonestError}")`} before trusting the scores.`
        )
    }
    if (report.quality.overall.n === 0)
        advice.push('No call was graded: nothing is known about quality; check the model name and the proxy.')
    const categoryScores = Object.entries(report.quality.categories).flatMap(([category, scope]) =>
        scope === undefined ? [] : [[category, scope.score] as const]
    )
    for (const [category, score] of categoryScores) {
        if (score.high < t.minUsableScore)
            advice.push(
                `${category}: score ${interval(score)} is below ${t.minUsableScore} even at its upper bound: route ${category} tasks to another model.`
            )
    }
    const thin = [['overall', report.quality.overall] as const, ...categoryScores].filter(([, s]) => s.n > 0 && s.n < t.minReliableCases)
    if (thin.length > 0)
        advice.push(
            `Not enough cases for a reliable score (n < ${t.minReliableCases}) in ${thin.map(([scope, s]) => `${scope} (n = ${s.n})`).join(', ')}: add cases to the suite.`
        )
    if (p95LatencyMs !== undefined && p95LatencyMs > t.p95LatencyBudgetMs)
        advice.push(
            `p95 latency ${(p95LatencyMs / 1000).toFixed(1)} s is above ${(t.p95LatencyBudgetMs / 1000).toFixed(1)} s: keep it for background work or route latency-sensitive requests elsewhere.`
        )
    return advice
}
