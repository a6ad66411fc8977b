import type { Exclusion } from './types'

/** No candidate model satisfies the request's constraints. */
export class NoCandidateError extends Error {
    constructor(readonly excluded: readonly Exclusion[]) {
        const lines = excluded.map((e) => `  - ${e.model}: ${e.reason} (${e.detail})`)
        super(
            excluded.length === 0
                ? 'LiteLLM Router has no candidate models. Select at least one model in the node.'
                : `No candidate model satisfies the constraints. Relax a limit or add models:\n${lines.join('\n')}`
        )
        this.name = 'NoCandidateError'
    }
}

/** One failed try of one model. */
export interface FailedAttempt {
    readonly model: string
    readonly error: string
    /** Time spent on this try (ms). */
    readonly ms: number
}

/** Every admitted candidate (within the attempt and time budgets) failed before its first token. */
export class AllCandidatesFailedError extends Error {
    constructor(
        readonly attempts: readonly FailedAttempt[],
        readonly budgetExhausted: 'attempts' | 'time' | 'candidates'
    ) {
        const lines = attempts.map((a) => `  - ${a.model} after ${Math.round(a.ms)} ms: ${a.error}`)
        super(`LiteLLM Router: every model it tried failed (${budgetExhausted} exhausted):\n${lines.join('\n')}`)
        this.name = 'AllCandidatesFailedError'
    }
}

/** HTTP status of an error from the OpenAI SDK (or LangChain's wrapping of it), if any. */
export const statusOf = (error: unknown): number | undefined => {
    const e = error as { status?: unknown; response?: { status?: unknown } } | undefined
    const status = e?.status ?? e?.response?.status
    return typeof status === 'number' ? status : undefined
}

const TRANSIENT_NAMES = new Set(['TimeoutError', 'APIConnectionTimeoutError', 'APIConnectionError', 'AbortError'])
const TRANSIENT_TEXT = /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|terminated|timed? ?out|Connection error|premature close/i

/**
 * Whether a failure before the first token is worth trying the next model for: rate limits,
 * server errors, time-outs and broken connections. Client errors (bad request, wrong key,
 * unknown model) would fail the same way on every model.
 */
export const isTransient = (error: unknown): boolean => {
    const status = statusOf(error)
    if (status !== undefined) return status === 408 || status === 429 || status >= 500
    const e = error as { name?: string; message?: string; cause?: { code?: string } } | undefined
    if (e?.name && TRANSIENT_NAMES.has(e.name)) return true
    return TRANSIENT_TEXT.test(`${e?.message ?? ''} ${e?.cause?.code ?? ''}`)
}

/** A short, single-line description of an error for decision records. */
export const describeError = (error: unknown): string => {
    const status = statusOf(error)
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0].slice(0, 200)
    return status ? `HTTP ${status}: ${message}` : message
}
