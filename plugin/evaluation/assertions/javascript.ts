import { z } from 'zod'
import type { AssertionResult } from '../types'
import { sharedSandboxPool } from './sandboxPool'
import { sandboxSettings } from './sandboxSettings'
import { binary, excerpt, type AssertionDefinition } from './types'

const DEFAULT_TIMEOUT_MS = 1_000
const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024

const javascriptSchema = z
    .object({
        type: z.literal('javascript'),
        /** An expression (`output.includes('x')`), or, when it does not compile as one, a function body that uses `return`. */
        code: z
            .string({ required_error: 'javascript needs `code`: an expression, or a function body with `return`' })
            .trim()
            .min(1, 'javascript: `code` must not be empty'),
        /** A returned number passes when it is at least this (default 1: only a full score passes). */
        threshold: z.number().min(0).max(1).default(1),
        /** `positive`: a returned number passes when above 0 (promptfoo's rule when it sets no threshold). */
        passWhen: z.literal('positive').optional(),
        /** Gives the code the parsed JSON as `output` when the answer is a JSON object or array (as promptfoo does). */
        parseJsonOutput: z.boolean().optional(),
        /** Time limit (ms), default 1,000; at most the server's ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS. */
        timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
        /** Sandbox heap limit (bytes), default 64 MiB; at most the server's ORQUESTA_JS_ASSERT_MAX_MEMORY_MB. */
        memoryBytes: z
            .number()
            .int()
            .min(4 * 1024 * 1024, 'javascript: `memoryBytes` must be at least 4 MiB (4194304)')
            .default(DEFAULT_MEMORY_BYTES)
    })
    .strict()
    .superRefine((spec, ctx) => {
        // The defaults are always allowed (lowered to the server's caps when those are lower).
        const { maxTimeoutMs, maxMemoryBytes } = sandboxSettings()
        if (spec.timeoutMs !== DEFAULT_TIMEOUT_MS && spec.timeoutMs > maxTimeoutMs) {
            ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['timeoutMs'],
                message: `javascript: \`timeoutMs\` is at most ${maxTimeoutMs} on this server (ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS)`
            })
        }
        if (spec.memoryBytes !== DEFAULT_MEMORY_BYTES && spec.memoryBytes > maxMemoryBytes) {
            ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['memoryBytes'],
                message: `javascript: \`memoryBytes\` is at most ${maxMemoryBytes} on this server (ORQUESTA_JS_ASSERT_MAX_MEMORY_MB)`
            })
        }
    })

export type JavascriptSpec = z.infer<typeof javascriptSchema>

/**
 * Runs `code` in the QuickJS sandbox on a worker thread ({@link sharedSandboxPool}), within
 * the server's caps whatever the suite says, with `output` (the answer, a
 * string) and `context` (`{prompt, vars}`) in scope. It returns a boolean (pass/fail), a
 * number in [0, 1] (the score; it passes when ≥ `threshold`), or `{pass, score?, reason?}`.
 * An exception, a time-out or another return value fails with the reason.
 */
export const javascript: AssertionDefinition<JavascriptSpec> = {
    type: 'javascript',
    summary: 'sandboxed JavaScript (QuickJS) grades the output',
    schema: javascriptSchema,
    async evaluate(spec, output, context) {
        const { maxTimeoutMs, maxMemoryBytes } = sandboxSettings()
        const limits = { timeoutMs: Math.min(spec.timeoutMs, maxTimeoutMs), memoryBytes: Math.min(spec.memoryBytes, maxMemoryBytes) }
        const code = spec.parseJsonOutput ? withJsonOutput(spec.code) : spec.code
        const outcome = await sharedSandboxPool().run(code, output, { prompt: context.prompt, vars: context.vars ?? {} }, limits)
        if (!outcome.ok) return binary('javascript', false, `the assertion code failed: ${outcome.error}`)
        return interpret(outcome.value, spec.threshold, spec.passWhen === 'positive')
    }
}

/**
 * Wraps code so that it sees the answer parsed when it is a JSON object or array; the code is
 * compiled inside the sandbox exactly as a plain assertion's (expression first, else a body).
 */
export const withJsonOutput = (code: string): string => `var __grade;
try { __grade = new Function('output', 'context', 'return (\\n' + ${JSON.stringify(code)} + '\\n);'); }
catch (e) { if (!(e instanceof SyntaxError)) throw e; __grade = new Function('output', 'context', ${JSON.stringify(code)}); }
var __output = output;
try { var __parsed = JSON.parse(output); if (__parsed !== null && typeof __parsed === 'object') __output = __parsed; } catch (e) {}
return __grade(__output, context);`

const interpret = (value: unknown, threshold: number, positivePasses = false): AssertionResult => {
    if (typeof value === 'boolean') return binary('javascript', value, `the code returned ${value}`)
    if (typeof value === 'number' && positivePasses) {
        // promptfoo's rule: any number, passing when above 0; the score is kept within [0, 1] for the statistics.
        if (!Number.isFinite(value)) return binary('javascript', false, `the code returned ${value}`)
        return {
            type: 'javascript',
            pass: value > 0,
            score: Math.min(1, Math.max(0, value)),
            reason: `the code returned ${value} (passes above 0)`
        }
    }
    if (typeof value === 'number') {
        if (!(value >= 0 && value <= 1)) return binary('javascript', false, `the code returned ${value}, outside [0, 1]`)
        return {
            type: 'javascript',
            pass: value >= threshold,
            score: value,
            reason: `the code returned score ${value} (threshold ${threshold})`
        }
    }
    if (value !== null && typeof value === 'object' && typeof (value as { pass?: unknown }).pass === 'boolean') {
        const { pass, score, reason } = value as { pass: boolean; score?: unknown; reason?: unknown }
        if (score !== undefined && !(typeof score === 'number' && score >= 0 && score <= 1)) {
            return binary('javascript', false, `the code returned score ${JSON.stringify(score)}, expected a number in [0, 1]`)
        }
        const said = typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : `the code returned pass ${pass}`
        return { type: 'javascript', pass, score: typeof score === 'number' ? score : pass ? 1 : 0, reason: said }
    }
    return binary(
        'javascript',
        false,
        `the code returned ${excerpt(String(JSON.stringify(value)))}; expected a boolean, a number in [0, 1] or {pass, score?, reason?} (statements need a \`return\`)`
    )
}
