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

/** Thrown when the evaluation database cannot be opened or a statement fails; names the database. */
export class EvaluationDatabaseError extends Error {
    constructor(where: string, message: string, options?: { cause?: unknown }) {
        super(`Evaluation database (${where}): ${message}`, options)
        this.name = 'EvaluationDatabaseError'
    }
}
