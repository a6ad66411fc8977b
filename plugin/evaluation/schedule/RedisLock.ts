import { randomUUID } from 'node:crypto'
import Redis from 'ioredis'

// Deletes or extends the key only while it still holds this holder's token, so that a lock
// that expired and was taken by another replica is never released or extended by mistake.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`

/** A held lease; extend it while the work lasts, release it when done. */
export interface Lease {
    extend(ttlMs: number): Promise<boolean>
    release(): Promise<void>
}

/**
 * Leases in Redis (`SET key token NX PX ttl`), shared by every Flowise replica that uses the
 * same Redis: a lease expires on its own if its holder dies.
 */
export class RedisLock {
    private constructor(private readonly redis: Redis) {}

    /** Connects; fails with a clear message when Redis does not answer within 5 s. */
    static async connect(url: string): Promise<RedisLock> {
        const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000, enableOfflineQueue: false })
        redis.on('error', () => undefined)
        try {
            await redis.connect()
        } catch (error) {
            redis.disconnect()
            throw new Error(
                `Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} is unreachable (${(error as Error).message}); fix ORQUESTA_REDIS_URL / REDIS_URL`
            )
        }
        return new RedisLock(redis)
    }

    /** Takes the lease on `key` when nobody holds it; resolves to undefined otherwise. */
    async tryAcquire(key: string, ttlMs: number): Promise<Lease | undefined> {
        const token = randomUUID()
        const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX')
        if (ok !== 'OK') return undefined
        return {
            extend: async (ms) => (await this.redis.eval(EXTEND, 1, key, token, String(ms))) === 1,
            release: async () => void (await this.redis.eval(RELEASE, 1, key, token))
        }
    }

    async close(): Promise<void> {
        await this.redis.quit().catch(() => this.redis.disconnect())
    }
}
