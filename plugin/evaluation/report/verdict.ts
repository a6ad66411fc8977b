import type { ComparisonRow, ComparisonVerdict } from '../types'

/** What a verdict is decided on: significance level, smallest change worth acting on, and enough cases. */
export interface VerdictThresholds {
    /** Family-wise significance level the Holm-adjusted p-value is compared with (0.05). */
    readonly alpha: number
    /** Smallest change of mean score (on the [0, 1] scale) that matters in practice (0.05 = 5 points). */
    readonly practicalThreshold: number
    /** Fewest paired cases a verdict other than `insufficient-data` needs (10). */
    readonly minPairedCases: number
}

type Figures = Omit<ComparisonRow, 'verdict' | 'reason'>

const fmtP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3))
const pct = (x: number) => `${Math.round(x * 100)}%`
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`

/**
 * A row's verdict and the sentence explaining it. A regression (improvement) needs all three: a
 * Holm-adjusted p-value below alpha, a score drop (rise) of at least the practical threshold, and
 * at least the minimum of paired cases; with fewer cases the verdict is `insufficient-data`
 * whatever the figures say.
 */
export const decideVerdict = (row: Figures, t: VerdictThresholds): { verdict: ComparisonVerdict; reason: string } => {
    const excluded = row.excludedCases ? `, ${row.excludedCases} more left out because a call failed` : ''
    const subject = `${row.model} ${row.scope}`
    if (row.pairedCases < t.minPairedCases)
        return {
            verdict: 'insufficient-data',
            reason: `${subject}: insufficient data, ${row.pairedCases} paired cases (at least ${t.minPairedCases} needed${excluded}).`
        }
    const delta = row.scoreDelta
    const figures =
        `score ${row.baselineScore.toFixed(3)} → ${row.candidateScore.toFixed(3)} (${signed(delta.value)}, 95% CI ${signed(delta.low)} to ${signed(delta.high)}), ` +
        `pass rate ${pct(row.baselinePassRate)} → ${pct(row.candidatePassRate)}, over ${row.pairedCases} paired cases${excluded}`
    const significant = row.adjustedP < t.alpha
    const practical = Math.abs(delta.value) >= t.practicalThreshold
    const test = `adjusted p = ${fmtP(row.adjustedP)} ${significant ? '<' : '≥'} ${t.alpha}`
    if (significant && practical) {
        const verdict = delta.value < 0 ? 'regression' : 'improvement'
        return { verdict, reason: `${subject}: ${verdict}, ${figures}; ${test}, change of at least ${t.practicalThreshold}.` }
    }
    const why = significant
        ? `significant (${test}) but smaller than the practical threshold ${t.practicalThreshold}`
        : `not significant (${test})`
    return { verdict: 'no-significant-change', reason: `${subject}: no significant change, ${figures}; ${why}.` }
}
