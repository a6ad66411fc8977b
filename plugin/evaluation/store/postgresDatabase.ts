import { Pool, types } from 'pg'
import { EvaluationDatabaseError, type SqlDatabase } from './SqlDatabase'

/** `?` placeholders (the store's portable form) to PostgreSQL's `$1, $2, …`. */
const numberPlaceholders = (sql: string): string => {
    let index = 0
    return sql.replace(/\?/g, () => `$${++index}`)
}

/** Where the connection string's password would be, hidden for messages. */
const redact = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')

/**
 * Failures after which the same statement may succeed: the server is unreachable or starting
 * (a replica booting with its database), too many connections, a deadlock or serialization
 * conflict, or two replicas creating the same table at once (unique violation in the catalog).
 */
const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P03', '53300', '40001', '40P01', '23505'])

const INT8_OID = 20
const FLOAT8_OID = 701

/**
 * Connects to PostgreSQL. The store keeps times as BIGINT milliseconds, which `pg` returns as
 * strings by default (JavaScript numbers are exact up to 2^53, far beyond any timestamp), so
 * this pool's own type parsers return numbers.
 */
export const openPostgresDatabase = async (connectionString: string): Promise<SqlDatabase> => {
    const where = redact(connectionString)
    const pool = new Pool({
        connectionString,
        max: 4,
        connectionTimeoutMillis: 5_000,
        types: {
            getTypeParser: ((oid: number, format?: string) =>
                oid === INT8_OID || oid === FLOAT8_OID ? Number : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser
        }
    })
    // An idle client losing its connection must not crash the host; the next query reconnects.
    pool.on('error', () => undefined)
    const query = async (sql: string, params: readonly unknown[]) => {
        try {
            return await pool.query(numberPlaceholders(sql), params as unknown[])
        } catch (error) {
            const code = (error as { code?: string }).code
            throw new EvaluationDatabaseError(where, `${(error as Error).message} (in: ${sql.slice(0, 80)})`, {
                cause: error,
                code,
                retryable: RETRYABLE_CODES.has(code ?? '')
            })
        }
    }
    try {
        await query('SELECT 1', [])
    } catch (error) {
        await pool.end().catch(() => undefined)
        throw error
    }
    return {
        kind: 'postgres',
        run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
        all: async <Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) =>
            (await query(sql, params)).rows as Row[],
        close: () => pool.end()
    }
}
