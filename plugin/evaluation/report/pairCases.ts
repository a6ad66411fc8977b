import type { CaseResult, CaseCategory } from '../types'
import { aggregateCases } from './aggregateCases'
import { EvaluationReportError } from './errors'

/** One case as answered in both runs (or by both models), each side reduced to its means over repeats. */
export interface CasePair {
    readonly caseId: string
    readonly category: CaseCategory
    readonly baselineScore: number
    readonly candidateScore: number
    readonly baselinePassRate: number
    readonly candidatePassRate: number
}

export interface PairedCases {
    readonly pairs: readonly CasePair[]
    /** Cases in both sides left out because a call failed in either, with their categories. */
    readonly excluded: readonly { readonly caseId: string; readonly category: CaseCategory }[]
}

/**
 * Pairs the cases of two sides on case id. A case in which any call failed, on either side, is
 * left out (and reported in `excluded`): its mean would rest on different repeats on the two sides,
 * and failures often cluster on particular cases, which would bias the difference. Cases present on
 * one side only (a changed suite) are ignored.
 *
 * @throws EvaluationReportError when a case id has different categories on the two sides
 */
export const pairCases = (baseline: readonly CaseResult[], candidate: readonly CaseResult[]): PairedCases => {
    const candidateCases = new Map(aggregateCases(candidate).map((c) => [c.caseId, c]))
    const pairs: CasePair[] = []
    const excluded: { caseId: string; category: CaseCategory }[] = []
    for (const base of aggregateCases(baseline)) {
        const cand = candidateCases.get(base.caseId)
        if (cand === undefined) continue
        if (cand.category !== base.category)
            throw new EvaluationReportError(
                `case "${base.caseId}" is "${base.category}" in the baseline and "${cand.category}" in the candidate: the suite changed between the runs, compare runs of the same suite version`
            )
        if (base.failedCalls > 0 || cand.failedCalls > 0) excluded.push({ caseId: base.caseId, category: base.category })
        else
            pairs.push({
                caseId: base.caseId,
                category: base.category,
                baselineScore: base.meanScore!,
                candidateScore: cand.meanScore!,
                baselinePassRate: base.passRate!,
                candidatePassRate: cand.passRate!
            })
    }
    return { pairs, excluded }
}
