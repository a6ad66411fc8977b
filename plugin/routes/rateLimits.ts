import { createHash } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import Redis from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { z } from 'zod'
import { InvalidPluginConfigError, positiveIntEnv } from '../config'

/** How the plugin's routes are rate-limited, per API key (or session user, or address). */
export interface RateLimitConfig {
    readonly enabled: boolean
    /** Requests per minute to any plugin route. */
    readonly perMinute: number
    /** Requests per minute to the routes that do heavy work or spend money (validate, optimize, starting or resuming a run). */
    readonly expensivePerMinute: number
    /** Shared by every replica when configured; each process counts alone otherwise. */
    readonly redisUrl?: string
}

const envSchema = z.object({
    ORQUESTA_RATE_LIMITS: z.enum(['on', 'off'], { message: 'ORQUESTA_RATE_LIMITS must be on or off' }).default('on'),
    ORQUESTA_RATE_LIMIT_PER_MINUTE: positiveIntEnv('ORQUESTA_RATE_LIMIT_PER_MINUTE', 300),
    ORQUESTA_RATE_LIMIT_EXPENSIVE_PER_MINUTE: positiveIntEnv('ORQUESTA_RATE_LIMIT_EXPENSIVE_PER_MINUTE', 30),
    ORQUESTA_REDIS_URL: z.string().optional(),
    REDIS_URL: z.string().optional(),
    REDIS_HOST: z.string().optional(),
    REDIS_PORT: z.string().optional()
})

/** Reads the rate limits from the environment; throws InvalidPluginConfigError naming the variable. */
export const loadRateLimitConfig = (env: NodeJS.ProcessEnv = process.env): RateLimitConfig => {
    const blankless = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
    const parsed = envSchema.safeParse(blankless)
    if (!parsed.success) throw new InvalidPluginConfigError(parsed.error.issues.map((i) => i.message).join('; '))
    const e = parsed.data
    return {
        enabled: e.ORQUESTA_RATE_LIMITS === 'on',
        perMinute: e.ORQUESTA_RATE_LIMIT_PER_MINUTE,
        expensivePerMinute: e.ORQUESTA_RATE_LIMIT_EXPENSIVE_PER_MINUTE,
        redisUrl: e.ORQUESTA_REDIS_URL || e.REDIS_URL || (e.REDIS_HOST ? `redis://${e.REDIS_HOST}:${e.REDIS_PORT ?? '6379'}` : undefined)
    }
}

/** The configured limits, or the defaults when a variable is invalid (the startup check reports it). */
export const rateLimitConfigOrDefaults = (env: NodeJS.ProcessEnv): RateLimitConfig => {
    try {
        return loadRateLimitConfig(env)
    } catch {
        return loadRateLimitConfig({})
    }
}

/** The routes (method and path under the plugin's prefix) that count against the expensive limit. */
const EXPENSIVE = [/^POST \/validate$/, /^POST \/optimize$/, /^POST \/orchestrate$/, /^POST \/evaluations\/runs(\/[^/]+\/resume)?$/]

/**
 * Who a request counts for: a hash of its API key (the key itself is never stored), else the
 * session's user, else its address.
 */
const callerOf = (req: Request): string => {
    const authorization = req.headers.authorization
    if (authorization?.startsWith('Bearer ')) return `key:${createHash('sha256').update(authorization.slice(7)).digest('hex').slice(0, 32)}`
    const user = (req as Request & { user?: { id?: string } }).user
    return user?.id ? `user:${user.id}` : `ip:${req.ip ?? 'unknown'}`
}

export interface RateLimits {
    readonly middleware: RequestHandler
    /** Resolves once Redis answers (at once without Redis); until then each process counts alone. */
    readonly ready: Promise<void>
    close(): Promise<void>
}

const limiter = (points: number, keyPrefix: string, redis: Redis | undefined): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points, duration: 60, keyPrefix })
    // Redis down: each process counts alone instead of failing every request.
    return redis
        ? new RateLimiterRedis({
              storeClient: redis,
              points,
              duration: 60,
              keyPrefix,
              insuranceLimiter: memory,
              rejectIfRedisNotReady: true
          })
        : memory
}

/**
 * Rate limits for the plugin's routes (rate-limiter-flexible): a general limit on every route and
 * a lower one on the expensive routes, per caller per minute, in Redis when configured. Over a
 * limit, a request gets 429 with `Retry-After` (seconds) and a message naming the limit.
 */
export const createRateLimits = (config: RateLimitConfig): RateLimits => {
    if (!config.enabled) return { middleware: (_req, _res, next) => next(), ready: Promise.resolve(), close: async () => undefined }
    const redis = config.redisUrl
        ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 })
        : undefined
    redis?.on('error', () => undefined)
    const general = limiter(config.perMinute, 'orquesta:rate:all', redis)
    const expensive = limiter(config.expensivePerMinute, 'orquesta:rate:expensive', redis)
    const refuse = (res: Parameters<RequestHandler>[1], rejection: RateLimiterRes, what: string) =>
        res
            .status(429)
            .set('retry-after', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))))
            .json({ error: `too many requests: at most ${what} per API key; retry after the seconds in Retry-After` })
    const middleware: RequestHandler = async (req, res, next) => {
        const caller = callerOf(req)
        const route = `${req.method} ${req.path}`
        try {
            await general.consume(caller)
        } catch (rejection) {
            if (rejection instanceof RateLimiterRes)
                return refuse(res, rejection, `${config.perMinute} requests per minute (ORQUESTA_RATE_LIMIT_PER_MINUTE)`)
            return next(rejection)
        }
        if (EXPENSIVE.some((pattern) => pattern.test(route))) {
            try {
                await expensive.consume(caller)
            } catch (rejection) {
                if (rejection instanceof RateLimiterRes) {
                    return refuse(
                        res,
                        rejection,
                        `${config.expensivePerMinute} per minute of ${route} and the other expensive routes (ORQUESTA_RATE_LIMIT_EXPENSIVE_PER_MINUTE)`
                    )
                }
                return next(rejection)
            }
        }
        next()
    }
    const ready = redis
        ? new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())))
        : Promise.resolve()
    return { middleware, ready, close: async () => void (await redis?.quit().catch(() => redis.disconnect())) }
}
