import type { z } from 'zod'
import type { AssertionResult, Judge } from '../types'

/** What an assertion may know besides the output it grades. */
export interface AssertionContext {
    /** The case's prompt as the model saw it (its user messages, joined by blank lines). */
    readonly prompt: string
    /** Template variables of a case converted from a promptfoo file. */
    readonly vars?: Readonly<Record<string, unknown>>
    /** The suite's pinned judge; `llm-rubric` fails without one. */
    readonly judge?: Judge
    /** Embeds texts with the suite's embedding model (one vector per text); `similar` fails without it. */
    readonly embed?: (texts: readonly string[]) => Promise<number[][]>
    /** What the call that produced the output measured: `latency` and `cost` grade it. */
    readonly call?: CallMeasurement
}

/** Measurements of the call that produced an output. */
export interface CallMeasurement {
    /** Wall time of the call (ms). */
    readonly latencyMs?: number
    /** Its cost (USD), usage × the proxy's prices. */
    readonly costUsd?: number
}

/**
 * One assertion type: how its spec is written in a suite file and how it grades an output.
 * `schema` validates (and normalises) the spec when the suite is parsed, so a bad spec is
 * reported before any model is called; `evaluate` never throws: odd outputs, sandbox errors
 * and judge failures become a failing {@link AssertionResult} with the reason.
 */
export interface AssertionDefinition<Spec extends { readonly type: string } = { readonly type: string }> {
    readonly type: Spec['type']
    /** A one-line summary for error messages and documentation. */
    readonly summary: string
    readonly schema: z.ZodType<Spec, z.ZodTypeDef, unknown>
    evaluate(spec: Spec, output: string, context: AssertionContext): Promise<AssertionResult>
}

/** A binary result: score 1 when it passes, 0 when it fails. */
export const binary = (type: string, pass: boolean, reason: string): AssertionResult => ({ type, pass, score: pass ? 1 : 0, reason })

/**
 * Inverts a result for `not: true` specs: the score becomes 1 − score, so a partial score stays
 * partial. The reason keeps the original explanation so a failure still says what was found.
 */
export const negateIf = (not: boolean | undefined, result: AssertionResult): AssertionResult =>
    not ? { type: result.type, pass: !result.pass, score: 1 - result.score, reason: `negated (not: true): ${result.reason}` } : result

/** Quotes text for a reason, shortened so a 1 MB output does not end up in every result. */
export const excerpt = (text: string, max = 80): string => {
    if (text.length <= max) return JSON.stringify(text)
    // Cut on code points, so the excerpt never ends in half a surrogate pair.
    const head = Array.from(text.slice(0, max * 2))
        .slice(0, max)
        .join('')
    return `${JSON.stringify(`${head}…`)} (${text.length} UTF-16 units)`
}
