import type { AssertionResult, EvaluationCase, Judge } from '../types'
import { assertionByType, parseAssertion } from './registry'
import type { AssertionContext } from './types'

/** The grade of one output: every assertion's result, whether all passed, and their mean score. */
export interface Grade {
    readonly assertions: readonly AssertionResult[]
    /** True when every assertion passed (and there was at least one). */
    readonly pass: boolean
    /** Mean of the assertion scores, in [0, 1]; 0 without assertions. */
    readonly score: number
}

/**
 * Grades `output` with each assertion in turn (in order, so a judge is not called concurrently
 * by one case). The assertions are the specs of a parsed case ({@link EvaluationCase.assertions});
 * each is validated again, cheaply, because the case type keeps them opaque — an invalid one
 * becomes a failing result instead of an exception. Never throws.
 */
export const gradeOutput = async (assertions: readonly unknown[], output: string, context: AssertionContext): Promise<Grade> => {
    const results: AssertionResult[] = []
    for (const raw of assertions) {
        const parsed = parseAssertion(raw)
        if (!parsed.ok) {
            const type = typeof (raw as { type?: unknown } | null)?.type === 'string' ? (raw as { type: string }).type : 'unknown'
            results.push({ type, pass: false, score: 0, reason: `invalid assertion: ${parsed.issues.map((i) => i.message).join('; ')}` })
            continue
        }
        const definition = assertionByType(parsed.spec.type)!
        try {
            results.push(await definition.evaluate(parsed.spec, output, context))
        } catch (error) {
            // Definitions do not throw by contract; this keeps one faulty type from losing the other results.
            results.push({ type: parsed.spec.type, pass: false, score: 0, reason: `the assertion threw: ${(error as Error).message}` })
        }
    }
    const score = results.length === 0 ? 0 : results.reduce((sum, r) => sum + r.score, 0) / results.length
    return { assertions: results, pass: results.length > 0 && results.every((r) => r.pass), score }
}

/** The assertion context of a case: its user messages as the prompt, its vars, and the suite's judge. */
export const contextForCase = (evaluationCase: EvaluationCase, judge?: Judge): AssertionContext => ({
    prompt: evaluationCase.messages
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .join('\n\n'),
    vars: evaluationCase.vars,
    judge
})
