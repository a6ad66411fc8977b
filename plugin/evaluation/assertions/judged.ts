import type { AssertionResult } from '../types'
import type { AssertionContext } from './types'

/** Assertion types the suite's judge grades (one judge call each per answer). */
export const JUDGED_ASSERTION_TYPES: ReadonlySet<string> = new Set(['llm-rubric', 'factuality', 'model-graded-closedqa'])

/**
 * Asks the suite's pinned judge to grade `output` against `rubric` and turns its verdict into a
 * result of `type`; shared by every judge-graded assertion. Without a judge, or when the judge
 * fails or answers out of range, the result fails with the reason (an ungraded answer is not a
 * pass). With `threshold`, the judge's score decides (promptfoo's semantics), not its `pass`.
 */
export const judgedResult = async (
    type: string,
    rubric: string,
    output: string,
    context: AssertionContext,
    threshold?: number
): Promise<AssertionResult> => {
    const failed = (reason: string): AssertionResult => ({ type, pass: false, score: 0, reason })
    if (!context.judge)
        return failed(`no judge: ${type} needs the suite's \`judge: {model, temperature}\` (promptfoo: defaultTest.options.provider)`)
    let verdict
    try {
        verdict = await context.judge({ rubric, output, prompt: context.prompt })
    } catch (error) {
        return failed(`the judge failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    const { pass, score, reason } = verdict ?? {}
    if (typeof pass !== 'boolean' || typeof score !== 'number' || !(score >= 0 && score <= 1)) {
        return failed(
            `the judge's verdict is malformed (pass ${String(pass)}, score ${String(score)}); expected a boolean and a score in [0, 1]`
        )
    }
    const said = typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : 'the judge gave no reason'
    const passed = threshold === undefined ? pass : score >= threshold
    return {
        type,
        pass: passed,
        score,
        reason: `judge: ${said}${threshold === undefined ? '' : ` (score ${score}, threshold ${threshold})`}`
    }
}
