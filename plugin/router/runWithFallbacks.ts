/**
 * The router's fallback core: tries ranked candidates in order within an attempt budget and a
 * time budget, and records every try. Pure: time comes from `clock`, work from `attempt`, and it
 * knows nothing of HTTP, LangChain or LiteLLM. Failures are classified by the typed fields of the
 * error the attempt throws (`code`, `retryable`, `retryAfterMs`), never by message text.
 */

/** Time, as the core sees it (ms). */
export interface Clock {
    now(): number
    /** Resolves after `ms`, or rejects at once when `signal` aborts. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>
    /** Calls `fn` after `ms`; the returned function cancels it. */
    schedule(ms: number, fn: () => void): () => void
}

export const systemClock: Clock = {
    now: () => performance.now(),
    schedule: (ms, fn) => {
        const timer = setTimeout(fn, ms)
        return () => clearTimeout(timer)
    },
    sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
            if (signal?.aborted) return reject(signal.reason)
            const timer = setTimeout(() => {
                signal?.removeEventListener('abort', onAbort)
                resolve()
            }, ms)
            const onAbort = () => {
                clearTimeout(timer)
                reject(signal!.reason)
            }
            signal?.addEventListener('abort', onAbort, { once: true })
        })
}

export interface FallbackBudgets {
    /** Candidates tried at most (retries of the same candidate not counted). */
    readonly maxAttempts: number
    /** Time limit of one try (ms): until it commits (its first token, or its whole answer). */
    readonly attemptTimeoutMs: number
    /** Time limit of all tries together (ms). */
    readonly totalTimeoutMs: number
}

/** What the core reads of a failure. Anything else thrown is not retryable and is passed on. */
export interface ClassifiedFailure {
    readonly code: string
    readonly retryable: boolean
    readonly retryAfterMs?: number
    readonly message?: string
    readonly status?: number
}

/** The error codes for which the core retries the same candidate rather than moving on. */
export interface RetryPolicy {
    /** Rate limits: waited out (`retryAfterMs`) when the time budget allows, at most this many times per candidate. */
    readonly rateLimitRetries: number
    /** Code of a failure of the proxy itself (no other model can help): retried with back-off until the time budget ends. */
    readonly unreachableCode: string
    /** First back-off (ms), doubled up to `maxBackoffMs`. */
    readonly backoffMs: number
    readonly maxBackoffMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
    rateLimitRetries: 2,
    unreachableCode: 'unreachable',
    backoffMs: 100,
    maxBackoffMs: 2_000
}

/** One try of one candidate. */
export interface AttemptRecord {
    readonly model: string
    /** When the try began, from the start of the call (ms). */
    readonly startMs: number
    /** How long the try took (ms). */
    readonly latencyMs: number
    readonly outcome: 'ok' | 'failed'
    readonly code?: string
    readonly status?: number
    readonly error?: string
}

export interface AttemptContext {
    /** Aborted when this try runs out of time, or when the caller aborts. */
    readonly signal: AbortSignal
    /** Time this try may take (ms). */
    readonly timeoutMs: number
    /** 1 for the first try of the call. */
    readonly attemptNumber: number
}

export interface FallbackOutcome<C, T> {
    readonly value: T
    readonly candidate: C
    readonly attempts: readonly AttemptRecord[]
    /** From the start of the call to the successful try's end (ms). */
    readonly totalMs: number
}

/** Every candidate tried failed, or the budgets ran out first. */
export class AllCandidatesFailedError extends Error {
    readonly code = 'all_candidates_failed'
    readonly status = 502
    /** Retryable as a whole: the failures were transient. */
    readonly retryable = true

    constructor(
        readonly attempts: readonly AttemptRecord[],
        readonly budgetExhausted: 'attempts' | 'time' | 'candidates'
    ) {
        const lines = attempts.map((a) => `  - ${a.model} after ${Math.round(a.latencyMs)} ms: ${a.code}${a.error ? `: ${a.error}` : ''}`)
        super(
            `LiteLLM Router: every model it tried failed (${budgetExhausted} exhausted). Add candidates, raise Max Attempts or Total Timeout, or check the proxy's log:\n${lines.join('\n')}`
        )
        this.name = 'AllCandidatesFailedError'
    }
}

/** A try that ran out of its time: the reason given to its signal. */
export class AttemptTimeoutError extends Error {
    readonly code = 'timeout'
    readonly retryable = true

    constructor(readonly timeoutMs: number) {
        super(`no answer within ${Math.round(timeoutMs)} ms`)
        this.name = 'TimeoutError'
    }
}

const classify = (error: unknown): ClassifiedFailure | undefined => {
    const e = error as Partial<ClassifiedFailure> | undefined
    return e && typeof e.code === 'string' && typeof e.retryable === 'boolean' ? (e as ClassifiedFailure) : undefined
}

const firstLine = (error: unknown) => ((error as Error)?.message ?? String(error)).split('\n')[0].slice(0, 300)

export interface RunWithFallbacksOptions<C, T> {
    /** Best first. */
    readonly candidates: readonly C[]
    readonly nameOf: (candidate: C) => string
    readonly budgets: FallbackBudgets
    readonly attempt: (candidate: C, context: AttemptContext) => Promise<T>
    readonly clock?: Clock
    /** The caller's signal: aborting it stops everything and is passed on as is. */
    readonly signal?: AbortSignal
    readonly retry?: RetryPolicy
    /** Told about every finished try, as it finishes (health, metrics). */
    readonly onAttempt?: (record: AttemptRecord, candidate: C) => void
}

/**
 * Tries `candidates` in order. A try that fails with a retryable error moves on to the next
 * candidate; a rate limit is first waited out on the same candidate when the budget allows; a
 * proxy that cannot be reached is retried with back-off until the time budget ends (no other
 * model can help, and a restarting proxy comes back). A try that runs out of time is aborted
 * through its signal, so the work behind it (an HTTP request) is closed. A failure that is not
 * retryable, or the caller's abort, is thrown at once.
 */
export const runWithFallbacks = async <C, T>(options: RunWithFallbacksOptions<C, T>): Promise<FallbackOutcome<C, T>> => {
    const { candidates, nameOf, budgets, attempt, signal } = options
    const clock = options.clock ?? systemClock
    const policy = options.retry ?? DEFAULT_RETRY_POLICY
    const started = clock.now()
    const deadline = started + budgets.totalTimeoutMs
    const attempts: AttemptRecord[] = []
    /** The proxy's own error while it stays down: the best explanation when time runs out. */
    let proxyDown: unknown
    let tried = 0
    for (const candidate of candidates) {
        if (tried >= budgets.maxAttempts) throw new AllCandidatesFailedError(attempts, 'attempts')
        tried++
        let rateLimitRetries = 0
        let backoffMs = policy.backoffMs
        for (;;) {
            signal?.throwIfAborted()
            const tryStart = clock.now()
            const remaining = deadline - tryStart
            if (remaining <= 0) throw proxyDown ?? new AllCandidatesFailedError(attempts, 'time')
            const timeoutMs = Math.min(remaining, budgets.attemptTimeoutMs)
            const controller = new AbortController()
            const onCallerAbort = () => controller.abort(signal!.reason)
            signal?.addEventListener('abort', onCallerAbort, { once: true })
            const cancelTimer = clock.schedule(timeoutMs, () => controller.abort(new AttemptTimeoutError(timeoutMs)))
            try {
                const value = await attempt(candidate, { signal: controller.signal, timeoutMs, attemptNumber: attempts.length + 1 })
                const record: AttemptRecord = {
                    model: nameOf(candidate),
                    startMs: tryStart - started,
                    latencyMs: clock.now() - tryStart,
                    outcome: 'ok'
                }
                attempts.push(record)
                options.onAttempt?.(record, candidate)
                return { value, candidate, attempts, totalMs: clock.now() - started }
            } catch (error) {
                if (signal?.aborted) throw error
                const timedOut = controller.signal.reason instanceof AttemptTimeoutError
                const failure: ClassifiedFailure | undefined = timedOut ? { code: 'timeout', retryable: true } : classify(error)
                const record: AttemptRecord = {
                    model: nameOf(candidate),
                    startMs: tryStart - started,
                    latencyMs: clock.now() - tryStart,
                    outcome: 'failed',
                    code: failure?.code ?? 'error',
                    status: failure?.status,
                    error: timedOut ? `no answer within ${Math.round(timeoutMs)} ms` : firstLine(error)
                }
                attempts.push(record)
                options.onAttempt?.(record, candidate)
                if (!failure?.retryable) throw error
                const left = deadline - clock.now()
                // A last try cut short by the time budget says nothing new about a proxy that was down.
                if (proxyDown && timedOut && timeoutMs < budgets.attemptTimeoutMs) throw proxyDown
                proxyDown = failure.code === policy.unreachableCode ? error : undefined
                if (proxyDown) {
                    // Out of time with the proxy still down: its own error says best what to do.
                    if (left <= 0) throw error
                    await clock.sleep(Math.min(backoffMs, left), signal)
                    backoffMs = Math.min(backoffMs * 2, policy.maxBackoffMs)
                    continue
                }
                if (failure.code === 'rate_limited' && failure.retryAfterMs !== undefined && rateLimitRetries < policy.rateLimitRetries) {
                    if (failure.retryAfterMs < left - 1) {
                        rateLimitRetries++
                        await clock.sleep(failure.retryAfterMs, signal)
                        continue
                    }
                }
                break
            } finally {
                cancelTimer()
                signal?.removeEventListener('abort', onCallerAbort)
            }
        }
    }
    throw new AllCandidatesFailedError(attempts, tried < candidates.length ? 'attempts' : 'candidates')
}
