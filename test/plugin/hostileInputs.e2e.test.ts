import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { startTestFlowise, type TestFlowise } from '../support/flowise'
import { hostileRequests, type HostileRequest } from '../support/hostileInputs'
import { Pinger } from '../support/pinger'
import { startTestStack, upstream, type TestStack } from '../support/stack'
import { waitFor } from '../support/waitFor'

const MODELS = [{ name: 'alpha', input: 1e-7, output: 2e-7, quality: { general: 0.9 } }]
/** The slowest answer to a ping allowed while a hostile input is handled (ms). */
const MAX_PING_MS = 200
/** How much the server's memory may grow over the whole suite (bytes). */
const MAX_GROWTH_BYTES = 100 * 1024 * 1024

let stack: TestStack
let flowise: TestFlowise
let pinger: Pinger
/** Hostile inputs during which a ping took over MAX_PING_MS; each test asserts there are none. */
const stalls: string[] = []
/** Inputs that were sent again because a ping was slow the first time. */
let excused = 0
const noStalls = () => assert.deepEqual(stalls.splice(0), [], `pings over ${MAX_PING_MS} ms`)

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024

const send = async (request: HostileRequest): Promise<{ status: number; body: string }> => {
    const res = await fetch(`${flowise.server.url}/api/v1${request.route}`, {
        method: request.method,
        headers: { authorization: `Bearer ${flowise.client.apiKey}`, 'content-type': 'application/json' },
        body: request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body))
    })
    return { status: res.status, body: await res.text() }
}

/** Runs `work`; the pings over MAX_PING_MS that overlapped it. */
const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; slow: number[] }> => {
    const from = Date.now()
    const result = await work()
    // The ping in flight when the work ended must have answered too.
    const to = Date.now()
    const pingsSoFar = pinger.pings.length
    while (pinger.pings.length <= pingsSoFar + 1) await new Promise((resolve) => setTimeout(resolve, 20))
    return {
        result,
        slow: pinger
            .between(from - MAX_PING_MS, to)
            .filter((p) => p.ms > MAX_PING_MS)
            .map((p) => p.ms)
    }
}

/**
 * Runs `work` and records a stall when pings that overlapped it took over MAX_PING_MS, and did so
 * again when the same input was sent a second time: an input that blocks the event loop does so
 * every time, while a slow ping on a shared 2-core machine (another process, a collection of the
 * test runner's own heap) does not repeat with the same input.
 */
const withoutStalls = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const first = await timed(work)
    if (first.slow.length === 0) return first.result
    excused += 1
    const again = await timed(work)
    if (again.slow.length > 0) stalls.push(`${what}: pings of ${[...first.slow, ...again.slow].join(', ')} ms (twice)`)
    return first.result
}

/** The suite's first case asks for `prompt`; its assertions are `assert`. */
const runSuite = (prompt: string, assertion: Record<string, unknown>) => ({
    models: ['alpha'],
    waitMs: 60_000,
    suite: { name: 'hostile-run', cases: [{ id: 'c1', category: 'reasoning', prompt, assert: [assertion] }] }
})

describe('Hostile inputs against a real Flowise with the plugin', { timeout: 600_000 }, () => {
    before(async () => {
        stack = await startTestStack(MODELS)
        stack.provider.script(upstream('alpha'), {
            reply: (body) => {
                const prompt = String(body.messages.at(-1)?.content ?? '')
                if (prompt.includes('REDOS-A')) return `${'a'.repeat(30)}!`
                if (prompt.includes('REDOS-W')) return `${'word '.repeat(2_000)}!`
                return 'fine'
            }
        })
        flowise = await startTestFlowise({
            LITELLM_PROXY_URL: stack.litellm.url,
            LITELLM_MASTER_KEY: stack.masterKey,
            ORQUESTA_EVAL_SCHEDULES: 'off',
            // Hundreds of requests in a minute from one key: this test is about what each one does.
            ORQUESTA_RATE_LIMIT_PER_MINUTE: '100000',
            ORQUESTA_RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000'
        })
        pinger = new Pinger(`${flowise.server.url}/api/v1/ping`)
        // One benign run first: loading the evaluation code for the first time is not what the hostile cases measure.
        const warm = await send({
            name: 'warm-up',
            method: 'POST',
            route: '/orquesta/evaluations/runs',
            body: runSuite('hello', { type: 'contains', value: 'fine' })
        })
        assert.equal(warm.status, 200, warm.body)
        await pinger.start()
    })
    after(async () => {
        pinger?.stop()
        await flowise?.stop()
        await stack?.stop()
    })

    it('runs a catastrophic regex on model answers without stalling Flowise', async () => {
        for (const [prompt, pattern] of [
            ['REDOS-A', '^(a+)+$'],
            ['REDOS-W', '(\\w+\\s?)*$']
        ]) {
            const res = await withoutStalls(`regex ${pattern}`, () =>
                send({
                    name: pattern,
                    method: 'POST',
                    route: '/orquesta/evaluations/runs',
                    body: runSuite(prompt, { type: 'regex', pattern })
                })
            )
            assert.equal(res.status, 200, res.body)
            const { reports } = JSON.parse(res.body) as { reports: { cases: number }[] }
            assert.equal(reports.length, 1)
        }
        noStalls()
    })

    it('runs assertion code that loops and fills memory without stalling Flowise, within its limits', async () => {
        const rssBefore = rssOf(flowise.server.process.pid!)
        for (const code of ['while (true) {}', "const a = []; while (true) a.push('x'.repeat(1e6) + a.length)"]) {
            const started = Date.now()
            const res = await withoutStalls(code, () =>
                send({
                    name: code,
                    method: 'POST',
                    route: '/orquesta/evaluations/runs',
                    body: runSuite('any', { type: 'javascript', code })
                })
            )
            assert.equal(res.status, 200, res.body)
            assert.ok(Date.now() - started < 10_000, `${code}: ${Date.now() - started} ms`)
            // Graded, as a failure (the time or memory limit stopped the code), not a provider error.
            const { reports } = JSON.parse(res.body) as { reports: { quality: { passRate: { value: number; n: number } } }[] }
            assert.deepEqual(reports[0].quality.passRate, { ...reports[0].quality.passRate, value: 0, n: 1 })
        }
        const grown = rssOf(flowise.server.process.pid!) - rssBefore
        assert.ok(grown < MAX_GROWTH_BYTES, `Flowise grew ${Math.round(grown / 1048576)} MB`)
        noStalls()
    })

    it('refuses every hostile request with a 4xx that says what is wrong; none is a 500; pings stay fast; memory stays', async () => {
        // Smallest first: the largest bodies leave the most garbage behind them.
        const size = (r: HostileRequest) => (r.raw ?? JSON.stringify(r.body) ?? '').length
        const requests = hostileRequests().sort((a, b) => size(a) - size(b))
        assert.ok(requests.length >= 300, `${requests.length} hostile requests`)
        const rssBefore = rssOf(flowise.server.process.pid!)
        const wrong: string[] = []
        for (const request of requests) {
            const { status, body } = await withoutStalls(request.name, () => send(request))
            let error = ''
            try {
                error = String(
                    (JSON.parse(body) as { error?: unknown; message?: unknown }).error ??
                        (JSON.parse(body) as { message?: unknown }).message ??
                        ''
                )
            } catch {
                error = body
            }
            if (status < 400 || status >= 500) wrong.push(`${request.name}: HTTP ${status} ${body.slice(0, 200)}`)
            else if (!error.trim()) wrong.push(`${request.name}: HTTP ${status} without a message`)
            else if (request.says && !request.says.test(error))
                wrong.push(`${request.name}: HTTP ${status} "${error.slice(0, 300)}" does not match ${request.says}`)
        }
        assert.deepEqual(wrong, [], `${wrong.length} of ${requests.length} wrong:\n${wrong.join('\n')}`)
        noStalls()
        const rightAfter = rssOf(flowise.server.process.pid!) - rssBefore
        // V8 gives pages back after its collections, within seconds of the load ending.
        const settled = await waitFor(
            'Flowise memory to settle',
            () => {
                const growth = rssOf(flowise.server.process.pid!) - rssBefore
                return growth < MAX_GROWTH_BYTES && growth
            },
            60_000
        ).catch(() => rssOf(flowise.server.process.pid!) - rssBefore)
        const grown = settled
        const sorted = pinger.pings.map((p) => p.ms).sort((a, b) => a - b)
        const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1)
        const mb = (bytes: number) => Math.round(bytes / 1048576)
        console.log(
            `[hostile] ${requests.length} requests refused; Flowise memory +${mb(rightAfter)} MB right after, +${mb(grown)} MB settled; ` +
                `${pinger.pings.length} pings, p50 ${quantile(0.5)} ms, p99 ${quantile(0.99)} ms, slowest ${quantile(1)} ms; ` +
                `${excused} inputs sent again after a slow ping (none slow twice)`
        )
        assert.ok(grown < MAX_GROWTH_BYTES, `Flowise grew ${Math.round(grown / 1048576)} MB`)
    })
})
