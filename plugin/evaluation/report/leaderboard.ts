import type { Estimate, EvaluationCategory, ModelReport } from '../types'

export interface LeaderboardRow {
    /** 1-based position in the sorted board (every row has its own rank; the sort breaks every tie). */
    readonly rank: number
    readonly model: string
    /** Mean score in the board's scope. */
    readonly score: Estimate
    readonly passRate: Estimate
    readonly p50LatencyMs?: number
    /** Mean cost of a request (USD). */
    readonly perRequestUsd?: number
    /** Mean score per USD per request; undefined for free models. */
    readonly qualityPerDollar?: number
}

/** Compares costs so that an unknown cost sorts after every known one. */
const byCost = (a: number | undefined, b: number | undefined): number =>
    (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY) || 0

/**
 * Ranks models by mean score in one scope (`overall` by default). Ties go to the higher lower
 * 95% bound (the score known more surely), then to the cheaper request, then to the name, so the
 * order is total and stable across calls. Models with no graded case in the scope are left out.
 */
export const leaderboard = (reports: readonly ModelReport[], scope: EvaluationCategory | 'overall' = 'overall'): LeaderboardRow[] => {
    const rows = reports.flatMap((report) => {
        const quality =
            scope === 'overall' ? { score: report.quality.overall, passRate: report.quality.passRate } : report.quality.categories[scope]
        if (quality === undefined || quality.score.n === 0) return []
        return [
            {
                model: report.model,
                score: quality.score,
                passRate: quality.passRate,
                p50LatencyMs: report.performance.p50LatencyMs,
                perRequestUsd: report.cost.perRequestUsd,
                qualityPerDollar: report.cost.qualityPerDollar
            }
        ]
    })
    rows.sort(
        (a, b) =>
            b.score.value - a.score.value ||
            b.score.low - a.score.low ||
            byCost(a.perRequestUsd, b.perRequestUsd) ||
            (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)
    )
    return rows.map((row, i) => ({ rank: i + 1, ...row }))
}
