import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import express from 'express'
import { Registry } from 'prom-client'
import { metricsAccess, metricsRoute } from '../../../plugin/routes/metricsRoute'
import { createRateLimits, loadRateLimitConfig, type RateLimitConfig } from '../../../plugin/routes/rateLimits'

const REDIS_URL = process.env.ORQUESTA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Serves `app` on a free port; resolves to its base URL and a way to close it. */
const serve = async (app: express.Express) => {
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) }
}

describe('rate limits on the plugin routes', () => {
    const cleanup: (() => Promise<unknown>)[] = []
    after(async () => {
        for (const step of cleanup.reverse()) await step()
    })

    const app = async (config: RateLimitConfig) => {
        const limits = createRateLimits(config)
        cleanup.push(() => limits.close())
        await limits.ready
        const routes = express()
        routes.use(limits.middleware)
        routes.post('/optimize', (_req, res) => void res.json({ ok: true }))
        routes.get('/evaluations/runs', (_req, res) => void res.json({ ok: true }))
        const served = await serve(routes)
        cleanup.push(served.close)
        return served.url
    }
    const hit = (url: string, route: string, key: string, method = 'GET') =>
        fetch(`${url}${route}`, { method, headers: { authorization: `Bearer ${key}` } })

    for (const store of ['memory', 'redis'] as const) {
        it(`answers 429 with Retry-After over the limit, per API key, with a lower limit on expensive routes (${store})`, async () => {
            const prefix = `k-${store}-${process.pid}-${Date.now()}`
            const url = await app({
                enabled: true,
                perMinute: 5,
                expensivePerMinute: 2,
                redisUrl: store === 'redis' ? REDIS_URL : undefined
            })
            const statuses = []
            for (let i = 0; i < 3; i++) statuses.push((await hit(url, '/optimize', `${prefix}-a`, 'POST')).status)
            assert.deepEqual(statuses, [200, 200, 429])
            const refused = await hit(url, '/optimize', `${prefix}-a`, 'POST')
            assert.equal(refused.status, 429)
            assert.ok(Number(refused.headers.get('retry-after')) >= 1)
            assert.match(
                ((await refused.json()) as { error: string }).error,
                /at most 2 per minute of POST \/optimize.*ORQUESTA_RATE_LIMIT_EXPENSIVE_PER_MINUTE/
            )
            // Reads still pass until the general limit (4 counted so far, 5 allowed); another key has its own budget.
            assert.equal((await hit(url, '/evaluations/runs', `${prefix}-a`)).status, 200)
            const general = await hit(url, '/evaluations/runs', `${prefix}-a`)
            assert.equal(general.status, 429)
            assert.match(
                ((await general.json()) as { error: string }).error,
                /at most 5 requests per minute \(ORQUESTA_RATE_LIMIT_PER_MINUTE\)/
            )
            assert.equal((await hit(url, '/optimize', `${prefix}-b`, 'POST')).status, 200)
        })
    }

    it('reads its settings from the environment, on by default, and names a bad variable', () => {
        assert.deepEqual(loadRateLimitConfig({}), { enabled: true, perMinute: 300, expensivePerMinute: 30, redisUrl: undefined })
        assert.equal(loadRateLimitConfig({ ORQUESTA_RATE_LIMITS: 'off' }).enabled, false)
        assert.throws(
            () => loadRateLimitConfig({ ORQUESTA_RATE_LIMIT_PER_MINUTE: 'lots' }),
            /ORQUESTA_RATE_LIMIT_PER_MINUTE must be a number/
        )
    })
})

describe('/metrics access', () => {
    const registry = new Registry()
    const scrape = async (env: NodeJS.ProcessEnv, authorization?: string) => {
        const routes = express()
        routes.get(
            '/metrics',
            metricsRoute(() => registry, metricsAccess(env))
        )
        const served = await serve(routes)
        try {
            const res = await fetch(`${served.url}/metrics`, { headers: authorization ? { authorization } : {} })
            return { status: res.status, body: await res.text() }
        } finally {
            await served.close()
        }
    }

    it('is closed without a token, needs the token when one is set, and is open only with ORQUESTA_METRICS_PUBLIC=true', async () => {
        const closed = await scrape({})
        assert.equal(closed.status, 401)
        assert.match(closed.body, /set ORQUESTA_METRICS_TOKEN/)
        assert.equal((await scrape({ ORQUESTA_METRICS_TOKEN: 't0ken' })).status, 401)
        assert.equal((await scrape({ ORQUESTA_METRICS_TOKEN: 't0ken' }, 'Bearer wrong')).status, 401)
        assert.equal((await scrape({ ORQUESTA_METRICS_TOKEN: 't0ken' }, 'Bearer t0ken')).status, 200)
        assert.equal((await scrape({ ORQUESTA_METRICS_PUBLIC: 'true' })).status, 200)
    })
})
