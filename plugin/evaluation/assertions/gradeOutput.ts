import type { AssertionResult, EvaluationCase, Judge } from '../types'
import { assertionByType, parseAssertion } from './registry'
import { sharedSandboxPool } from './sandboxPool'
import { sandboxSettings } from './sandboxSettings'
import type { AssertionContext } from './types'

/** The grade of one output: every assertion's result, whether the case passed, and its weighted mean score. */
export interface Grade {
    readonly assertions: readonly AssertionResult[]
    /**
     * Every counted assertion passed, or, with the case's `threshold`, the score reached it;
     * undefined when nothing was counted (a case without assertions records its answer ungraded).
     */
    readonly pass?: boolean
    /** Mean of the counted assertions' scores weighted by `weight` (default 1), in [0, 1]; undefined when nothing was counted. */
    readonly score?: number
}

/** How a whole case is graded besides its assertions (promptfoo's test `threshold` and `options.transform`). */
export interface CaseGrading {
    readonly threshold?: number
    readonly transform?: string
}

/**
 * Grades `output` with each assertion in turn (in order, so a judge is not called concurrently
 * by one case). The assertions are the specs of a parsed case ({@link EvaluationCase.assertions});
 * each is validated again, cheaply, because the case type keeps them opaque — an invalid one
 * becomes a failing result instead of an exception. Transforms (the case's, then each
 * assertion's) run in the JavaScript sandbox; a failing transform fails the assertions it feeds.
 * Never throws.
 */
export const gradeOutput = async (
    assertions: readonly unknown[],
    output: string,
    context: AssertionContext,
    grading: CaseGrading = {}
): Promise<Grade> => {
    const results: AssertionResult[] = []
    let caseOutput: { ok: true; value: string } | { ok: false; error: string } = { ok: true, value: output }
    if (grading.transform) caseOutput = await transformOutput(grading.transform, output, context)
    for (const raw of assertions) {
        const parsed = parseAssertion(raw)
        if (!parsed.ok) {
            const type = typeof (raw as { type?: unknown } | null)?.type === 'string' ? (raw as { type: string }).type : 'unknown'
            results.push({ type, pass: false, score: 0, reason: `invalid assertion: ${parsed.issues.map((i) => i.message).join('; ')}` })
            continue
        }
        const { spec } = parsed
        const labels = { ...(spec.metric ? { metric: spec.metric } : {}), ...(spec.weight !== undefined ? { weight: spec.weight } : {}) }
        let input = caseOutput
        if (input.ok && spec.transform) input = await transformOutput(spec.transform, input.value, context)
        if (!input.ok) {
            results.push({ type: spec.type, pass: false, score: 0, reason: `the transform failed: ${input.error}`, ...labels })
            continue
        }
        const definition = assertionByType(spec.type)!
        try {
            results.push({ ...(await definition.evaluate(spec, input.value, context)), ...labels })
        } catch (error) {
            // Definitions do not throw by contract; this keeps one faulty type from losing the other results.
            results.push({ type: spec.type, pass: false, score: 0, reason: `the assertion threw: ${(error as Error).message}`, ...labels })
        }
    }
    const counted = results.filter((r) => (r.weight ?? 1) > 0)
    if (counted.length === 0) return { assertions: results }
    const totalWeight = counted.reduce((sum, r) => sum + (r.weight ?? 1), 0)
    const score = counted.reduce((sum, r) => sum + r.score * (r.weight ?? 1), 0) / totalWeight
    const pass = grading.threshold !== undefined ? score >= grading.threshold : counted.every((r) => r.pass)
    return { assertions: results, pass, score }
}

/** Runs a promptfoo transform in the sandbox: a string result replaces the output, any other value becomes its JSON. */
const transformOutput = async (
    code: string,
    output: string,
    context: AssertionContext
): Promise<{ ok: true; value: string } | { ok: false; error: string }> => {
    const { maxTimeoutMs, maxMemoryBytes } = sandboxSettings()
    const limits = { timeoutMs: Math.min(1_000, maxTimeoutMs), memoryBytes: Math.min(64 * 1024 * 1024, maxMemoryBytes) }
    const outcome = await sharedSandboxPool().run(code, output, { prompt: context.prompt, vars: context.vars ?? {} }, limits)
    if (!outcome.ok) return outcome
    const value = outcome.value
    return { ok: true, value: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)) }
}

/** The grading settings of a case: its threshold and transform. */
export const gradingOfCase = (evaluationCase: EvaluationCase): CaseGrading => ({
    threshold: evaluationCase.threshold,
    transform: evaluationCase.transform
})

/** The assertion context of a case: its user messages as the prompt, its vars, and the suite's judge. */
export const contextForCase = (evaluationCase: EvaluationCase, judge?: Judge): AssertionContext => ({
    prompt: evaluationCase.messages
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .join('\n\n'),
    vars: evaluationCase.vars,
    judge
})
