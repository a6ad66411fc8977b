import { mkdirSync } from 'node:fs'
import path from 'node:path'
import sqlite3 from 'sqlite3'
import { EvaluationDatabaseError, type SqlDatabase } from './SqlDatabase'

/**
 * Opens (creating if needed) an SQLite database file. WAL mode lets readers (reports, the
 * router's measurements) proceed while a run writes; the busy timeout covers a second process
 * (a Flowise worker) writing at the same moment.
 */
export const openSqliteDatabase = async (file: string): Promise<SqlDatabase> => {
    mkdirSync(path.dirname(file), { recursive: true })
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
        const handle = new sqlite3.Database(file, (error) =>
            error ? reject(new EvaluationDatabaseError(file, error.message, { cause: error })) : resolve(handle)
        )
    })
    const fail = (sql: string, error: Error) =>
        new EvaluationDatabaseError(file, `${error.message} (in: ${sql.slice(0, 80)})`, { cause: error })
    const database: SqlDatabase = {
        kind: 'sqlite',
        run: (sql, params = []) =>
            new Promise((resolve, reject) =>
                db.run(sql, params as unknown[], function (this: sqlite3.RunResult, error: Error | null) {
                    if (error) reject(fail(sql, error))
                    else resolve(this.changes)
                })
            ),
        all: <Row>(sql: string, params: readonly unknown[] = []) =>
            new Promise<Row[]>((resolve, reject) =>
                db.all(sql, params as unknown[], (error: Error | null, rows: Row[]) => (error ? reject(fail(sql, error)) : resolve(rows)))
            ),
        close: () => new Promise((resolve, reject) => db.close((error) => (error ? reject(fail('close', error)) : resolve())))
    }
    await database.run('PRAGMA journal_mode = WAL')
    await database.run('PRAGMA busy_timeout = 5000')
    return database
}
