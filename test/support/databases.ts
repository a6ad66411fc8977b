import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Client } from 'pg'
import type { EvaluationDatabaseConfig } from '../../plugin/evaluation/store/openEvaluationDatabase'

/** The machine's PostgreSQL server (trust authentication), as the tests expect it. */
export const POSTGRES_ADMIN_URL = process.env.ORQUESTA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A throw-away evaluation database of one kind, and how to remove it. */
export interface ScratchDatabase {
    readonly config: EvaluationDatabaseConfig
    drop(): Promise<void>
}

const scratchSqlite = (): ScratchDatabase => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-eval-db-'))
    return {
        config: { kind: 'sqlite', file: path.join(dir, 'evaluation.sqlite') },
        drop: async () => rmSync(dir, { recursive: true, force: true })
    }
}

const adminQuery = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3_000 })
    try {
        await client.connect()
    } catch (error) {
        throw new Error(
            `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}); the evaluation store tests need it ` +
                '(start it, or set ORQUESTA_TEST_POSTGRES_URL)'
        )
    }
    try {
        await client.query(sql)
    } finally {
        await client.end()
    }
}

const scratchPostgres = async (): Promise<ScratchDatabase> => {
    const name = `orquesta_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
    await adminQuery(`CREATE DATABASE ${name}`)
    const url = new URL(POSTGRES_ADMIN_URL)
    url.pathname = `/${name}`
    return { config: { kind: 'postgres', url: url.toString() }, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}

/** Both database kinds the store supports, for tests that must pass on each. */
export const DATABASE_KINDS: readonly { readonly kind: 'sqlite' | 'postgres'; readonly create: () => Promise<ScratchDatabase> }[] = [
    { kind: 'sqlite', create: async () => scratchSqlite() },
    { kind: 'postgres', create: scratchPostgres }
]
