import { openPostgresDatabase } from './postgresDatabase'
import type { SqlDatabase } from './SqlDatabase'
import { openSqliteDatabase } from './sqliteDatabase'

/** Where evaluation results live: an SQLite file (the default) or a PostgreSQL database. */
export type EvaluationDatabaseConfig =
    { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string }

export const openEvaluationDatabase = (config: EvaluationDatabaseConfig): Promise<SqlDatabase> =>
    config.kind === 'sqlite' ? openSqliteDatabase(config.file) : openPostgresDatabase(config.url)
