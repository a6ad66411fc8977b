import { EvaluationStore } from './EvaluationStore'
import { openPostgresDatabase } from './postgresDatabase'
import { OPEN_RETRY, retryDatabase, type RetryPolicy } from './retryDatabase'
import type { SqlDatabase } from './SqlDatabase'
import { openSqliteDatabase } from './sqliteDatabase'

/** Where evaluation results live: an SQLite file (the default) or a PostgreSQL database. */
export type EvaluationDatabaseConfig =
    { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string }

export const openEvaluationDatabase = (config: EvaluationDatabaseConfig): Promise<SqlDatabase> =>
    config.kind === 'sqlite' ? openSqliteDatabase(config.file) : openPostgresDatabase(config.url)

/**
 * Opens the database and the store on it (creating its tables), retrying with back-off while
 * the failure is one that passes (another process holds the SQLite file's lock while it creates
 * the same tables, PostgreSQL is still starting). A connection whose setup failed is closed.
 */
export const openEvaluationStore = (
    config: EvaluationDatabaseConfig,
    options: { readonly retry?: RetryPolicy; readonly onRetry?: (error: Error, attempt: number) => void } = {}
): Promise<EvaluationStore> =>
    retryDatabase(
        async () => {
            const db = await openEvaluationDatabase(config)
            try {
                return await EvaluationStore.open(db)
            } catch (error) {
                await db.close().catch(() => undefined)
                throw error
            }
        },
        options.retry ?? OPEN_RETRY,
        options.onRetry
    )
