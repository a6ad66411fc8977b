import type { CaseResult, EvaluationCategory, EvaluationSuite } from '../../plugin/evaluation/types'

/** A small parsed suite: `perCategory` cases in each listed category, each answered by `answer-<id>`. */
export const tinySuite = (categories: readonly EvaluationCategory[] = ['reasoning', 'extraction'], perCategory = 3): EvaluationSuite => ({
    name: 'tiny',
    hash: `tiny-${categories.join('-')}-${perCategory}`,
    cases: categories.flatMap((category) =>
        Array.from({ length: perCategory }, (_, i) => {
            const id = `${category}-${i + 1}`
            return {
                id,
                category,
                messages: [{ role: 'user' as const, content: `Question ${id}: reply with answer-${id}` }],
                repeats: 1,
                assertions: [{ type: 'contains', value: `answer-${id}` }],
                reference: `answer-${id}`
            }
        })
    )
})

/** A graded result with plausible figures; override what a test cares about. */
export const caseResult = (overrides: Partial<CaseResult> & Pick<CaseResult, 'runId' | 'model' | 'caseId'>): CaseResult => ({
    category: 'reasoning',
    repeat: 0,
    output: 'answer',
    assertions: [{ type: 'contains', pass: true, score: 1, reason: 'found' }],
    pass: true,
    score: 1,
    latencyMs: 120,
    ttftMs: 40,
    inputTokens: 20,
    outputTokens: 5,
    costUsd: 0.00001,
    proxyCostUsd: 0.00001,
    at: Date.now(),
    ...overrides
})
