import { mkdirSync } from 'node:fs'
import path from 'node:path'
import sqlite3 from 'sqlite3'
import { retryDatabase, STATEMENT_RETRY } from './retryDatabase'
import { EvaluationDatabaseError, type SqlDatabase } from './SqlDatabase'

/**
 * How long SQLite itself waits for another connection's lock before answering SQLITE_BUSY (ms).
 * Set on the connection before its first statement: several processes (a Flowise server and its
 * worker, replicas) opening a fresh file at once otherwise collide on the journal-mode switch.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000

/** Codes after which the same statement may succeed once the other connection lets go. */
const RETRYABLE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED'])

const databaseError = (file: string, message: string, error: Error & { code?: string }) =>
    new EvaluationDatabaseError(file, message, { cause: error, code: error.code, retryable: RETRYABLE_CODES.has(error.code ?? '') })

/**
 * Opens (creating if needed) an SQLite database file. WAL mode lets readers (reports, the
 * router's measurements) proceed while a run writes; it is persistent in the file, so it is
 * switched only when the file is not in WAL mode yet. Statements that still meet a lock after
 * the busy timeout are retried with back-off.
 */
export const openSqliteDatabase = async (file: string): Promise<SqlDatabase> => {
    mkdirSync(path.dirname(file), { recursive: true })
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
        const handle = new sqlite3.Database(file, (error) => (error ? reject(databaseError(file, error.message, error)) : resolve(handle)))
    })
    db.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS)
    const fail = (sql: string, error: Error) => databaseError(file, `${error.message} (in: ${sql.slice(0, 80)})`, error)
    const once = {
        run: (sql: string, params: readonly unknown[]) =>
            new Promise<number>((resolve, reject) =>
                db.run(sql, params as unknown[], function (this: sqlite3.RunResult, error: Error | null) {
                    if (error) reject(fail(sql, error))
                    else resolve(this.changes)
                })
            ),
        all: <Row>(sql: string, params: readonly unknown[]) =>
            new Promise<Row[]>((resolve, reject) =>
                db.all(sql, params as unknown[], (error: Error | null, rows: Row[]) => (error ? reject(fail(sql, error)) : resolve(rows)))
            )
    }
    const database: SqlDatabase = {
        kind: 'sqlite',
        run: (sql, params = []) => retryDatabase(() => once.run(sql, params), STATEMENT_RETRY),
        all: <Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) =>
            retryDatabase(() => once.all<Row>(sql, params), STATEMENT_RETRY),
        close: () => new Promise((resolve, reject) => db.close((error) => (error ? reject(fail('close', error)) : resolve())))
    }
    try {
        const [mode] = await database.all<{ journal_mode: string }>('PRAGMA journal_mode')
        if (mode?.journal_mode !== 'wal') await database.all('PRAGMA journal_mode = WAL')
    } catch (error) {
        await database.close().catch(() => undefined)
        throw error
    }
    return database
}
