import pRetry from 'p-retry'
import { EvaluationDatabaseError } from './SqlDatabase'

/** How often, and how patiently, a retryable database failure is tried again. */
export interface RetryPolicy {
    /** Further attempts after the first. */
    readonly retries: number
    /** Wait before the first retry (ms); each next wait doubles, with jitter. */
    readonly minTimeoutMs: number
    /** Longest single wait (ms). */
    readonly maxTimeoutMs: number
}

/** For one statement: SQLite's busy timeout already waited, so a few spaced retries suffice. */
export const STATEMENT_RETRY: RetryPolicy = { retries: 4, minTimeoutMs: 50, maxTimeoutMs: 1_000 }

/** For opening the store at startup (a second process creating the same tables, PostgreSQL starting): about 30 s in all. */
export const OPEN_RETRY: RetryPolicy = { retries: 6, minTimeoutMs: 250, maxTimeoutMs: 8_000 }

/**
 * Runs `work`, retrying with exponential back-off while it fails with a retryable
 * {@link EvaluationDatabaseError}; any other failure is thrown at once.
 */
export const retryDatabase = <T>(
    work: () => Promise<T>,
    policy: RetryPolicy,
    onRetry?: (error: Error, attempt: number) => void
): Promise<T> =>
    pRetry(
        async () => {
            try {
                return await work()
            } catch (error) {
                if (error instanceof EvaluationDatabaseError && error.retryable) throw error
                throw new pRetry.AbortError(error as Error)
            }
        },
        {
            retries: policy.retries,
            minTimeout: policy.minTimeoutMs,
            maxTimeout: policy.maxTimeoutMs,
            factor: 2,
            randomize: true,
            onFailedAttempt: (error) => onRetry?.(error, error.attemptNumber)
        }
    )
