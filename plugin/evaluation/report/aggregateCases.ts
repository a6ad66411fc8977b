import type { CaseCategory, CaseResult } from '../types'
import { EvaluationReportError } from './errors'

/**
 * One case's repeats, reduced to one observation. Repeats of a case share its prompt and so are
 * correlated; treating them as independent would overstate n. Every statistic downstream counts
 * cases, with the mean over repeats as the case's value (a clustered analysis with equal weights).
 */
export interface CaseAggregate {
    readonly caseId: string
    readonly category: CaseCategory
    /** All calls of the case, failed ones included. */
    readonly calls: number
    /** Calls that failed (no pass/score). */
    readonly failedCalls: number
    /** Mean score over graded repeats; undefined when every call failed. */
    readonly meanScore?: number
    /** Share of graded repeats that passed; undefined when every call failed. */
    readonly passRate?: number
}

/** Whether a result was graded; a failed call has no pass or score and is an error, not a wrong answer. */
export const isGraded = (result: CaseResult): result is CaseResult & { pass: boolean; score: number } =>
    result.pass !== undefined && result.score !== undefined

/**
 * Groups results by case (in order of first appearance) and reduces each case's repeats to their
 * mean score and pass rate. Throws when one case id carries two categories (a corrupted or mixed
 * suite), since its scores would land in the wrong scope.
 */
export const aggregateCases = (results: readonly CaseResult[]): CaseAggregate[] => {
    const byCase = new Map<string, CaseResult[]>()
    for (const result of results) {
        const group = byCase.get(result.caseId)
        if (group === undefined) byCase.set(result.caseId, [result])
        else {
            if (group[0].category !== result.category)
                throw new EvaluationReportError(
                    `case "${result.caseId}" is in two categories ("${group[0].category}" and "${result.category}"): results of different suite versions are mixed`
                )
            group.push(result)
        }
    }
    return [...byCase.entries()].map(([caseId, group]) => {
        const graded = group.filter(isGraded)
        return {
            caseId,
            category: group[0].category,
            calls: group.length,
            failedCalls: group.length - graded.length,
            meanScore: graded.length === 0 ? undefined : graded.reduce((sum, r) => sum + r.score, 0) / graded.length,
            passRate: graded.length === 0 ? undefined : graded.filter((r) => r.pass).length / graded.length
        }
    })
}
