/**
 * The little SQL the evaluation store needs, over the two database kinds it supports (the
 * embedded SQLite that Flowise uses by default, and PostgreSQL). Statements use `?`
 * placeholders and portable SQL (`ON CONFLICT … DO NOTHING`, no engine-specific types).
 */
export interface SqlDatabase {
    readonly kind: 'sqlite' | 'postgres'
    /** Runs a statement; resolves to the number of rows it changed. */
    run(sql: string, params?: readonly unknown[]): Promise<number>
    /** Runs a query and resolves to its rows. */
    all<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>
    close(): Promise<void>
}

/**
 * Thrown when the evaluation database cannot be opened or a statement fails; names the database.
 * `retryable` is decided where the failure happens, from the driver's error code: true when the
 * same statement may succeed later (another process holds a lock, the server is starting).
 */
export class EvaluationDatabaseError extends Error {
    readonly retryable: boolean
    /** The driver's error code (`SQLITE_BUSY`, `ECONNREFUSED`, a PostgreSQL SQLSTATE), when it gave one. */
    readonly code?: string

    constructor(where: string, message: string, options?: { cause?: unknown; retryable?: boolean; code?: string }) {
        super(`Evaluation database (${where}): ${message}`, options)
        this.name = 'EvaluationDatabaseError'
        this.retryable = options?.retryable ?? false
        this.code = options?.code
    }
}
