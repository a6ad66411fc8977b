import { randomUUID } from 'node:crypto'
import Redis from 'ioredis'
import { z } from 'zod'
import type { ModelHealth } from './ModelHealth'

/** The Redis channel replicas announce opened circuits on. */
export const HEALTH_CHANNEL = 'orquesta:model-health'

const announcementSchema = z.object({
    origin: z.string(),
    model: z.string().min(1).max(512),
    cooldownMs: z.number().positive().max(3_600_000),
    reason: z.string().max(64)
})

/**
 * Shares model circuits between Flowise replicas (main servers and `flowise worker`s) through
 * Redis pub/sub: a replica that opens a circuit announces it, and every other replica opens the
 * same circuit for the same cooldown, so a failing model is rested everywhere at once. Only
 * openings travel; each replica probes and closes on its own evidence.
 */
export class RedisHealthSync {
    private readonly origin = randomUUID()

    private constructor(
        private readonly publisher: Redis,
        private readonly subscriber: Redis,
        private readonly health: ModelHealth
    ) {}

    /** Connects and subscribes; rejects with a clear message when Redis does not answer within 5 s. */
    static async start(url: string, health: ModelHealth): Promise<RedisHealthSync> {
        const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000 }
        const publisher = new Redis(url, options)
        const subscriber = new Redis(url, options)
        for (const client of [publisher, subscriber]) client.on('error', () => undefined)
        try {
            await Promise.all([publisher.connect(), subscriber.connect()])
            await subscriber.subscribe(HEALTH_CHANNEL)
        } catch (error) {
            publisher.disconnect()
            subscriber.disconnect()
            throw new Error(
                `Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} is unreachable for sharing model health (${(error as Error).message}); fix ORQUESTA_REDIS_URL / REDIS_URL`
            )
        }
        const sync = new RedisHealthSync(publisher, subscriber, health)
        subscriber.on('message', (channel: string, text: string) => channel === HEALTH_CHANNEL && sync.receive(text))
        health.onOpened = (event) =>
            void publisher.publish(HEALTH_CHANNEL, JSON.stringify({ ...event, origin: sync.origin })).catch(() => undefined)
        return sync
    }

    private receive(text: string): void {
        let parsed: z.SafeParseReturnType<unknown, z.infer<typeof announcementSchema>>
        try {
            parsed = announcementSchema.safeParse(JSON.parse(text))
        } catch {
            return
        }
        if (!parsed.success || parsed.data.origin === this.origin) return
        const { model, cooldownMs, reason } = parsed.data
        this.health.applyRemote({ model, cooldownMs, reason })
    }

    async stop(): Promise<void> {
        this.health.onOpened = undefined
        await Promise.all([this.publisher.quit(), this.subscriber.quit()].map((p) => p.catch(() => undefined)))
    }
}
