import type { CaseResult, EvaluationCategory } from '../../../../plugin/evaluation/types'

/** A graded (or, with `error`, failed) result with plausible defaults, for report tests. */
export const result = (fields: Partial<CaseResult> & Pick<CaseResult, 'caseId'>): CaseResult => {
    const failed = fields.error !== undefined
    return {
        runId: 'run-1',
        model: 'model-a',
        category: 'reasoning',
        repeat: 0,
        assertions: [],
        latencyMs: 1000,
        ttftMs: 200,
        inputTokens: 100,
        outputTokens: 40,
        costUsd: 0.001,
        at: 0,
        ...(failed ? {} : { pass: true, score: 1 }),
        ...fields
    }
}

/** One result per case: `passes[i]` decides pass and score (1 or 0) of case `${prefix}-${i}`. */
export const cases = (
    passes: readonly boolean[],
    fields: Partial<CaseResult> & { readonly category?: EvaluationCategory } = {},
    prefix = fields.category ?? 'reasoning'
): CaseResult[] => passes.map((pass, i) => result({ caseId: `${prefix}-${i}`, pass, score: pass ? 1 : 0, ...fields }))

export const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value)
