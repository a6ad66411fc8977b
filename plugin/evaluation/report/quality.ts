import { meanInterval, wilsonInterval } from '../stats/intervals'
import { EVALUATION_CATEGORIES, type Estimate, type ModelReport } from '../types'
import type { CaseAggregate } from './aggregateCases'

type Graded = CaseAggregate & { readonly meanScore: number; readonly passRate: number }

const scopeEstimates = (cases: readonly Graded[]): { score: Estimate; passRate: Estimate } => ({
    score: meanInterval(cases.map((c) => c.meanScore)),
    passRate: wilsonInterval(
        cases.reduce((sum, c) => sum + c.passRate, 0),
        cases.length
    )
})

/** An estimate of nothing: no case was graded, so the score is 0 in [0, 1] with n = 0. */
const NOTHING_GRADED: Estimate = { value: 0, low: 0, high: 1, n: 0 }

/**
 * The quality part of a model report: mean score (t interval) and pass rate (Wilson interval) over
 * cases, overall and per category. A case counts once whatever its repeats (its values are means
 * over graded repeats); cases whose every call failed are left out (they count in the error rate).
 */
export const measureQuality = (cases: readonly CaseAggregate[]): ModelReport['quality'] => {
    const graded = cases.filter((c): c is Graded => c.meanScore !== undefined && c.passRate !== undefined)
    const overall = graded.length === 0 ? { score: NOTHING_GRADED, passRate: NOTHING_GRADED } : scopeEstimates(graded)
    const categories: Partial<Record<(typeof EVALUATION_CATEGORIES)[number], { score: Estimate; passRate: Estimate }>> = {}
    for (const category of EVALUATION_CATEGORIES) {
        const inCategory = graded.filter((c) => c.category === category)
        if (inCategory.length > 0) categories[category] = scopeEstimates(inCategory)
    }
    return { overall: overall.score, passRate: overall.passRate, categories }
}
