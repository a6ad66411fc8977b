import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { realCatalog } from '../../support/catalog'
import { startTestFlowise, type TestFlowise } from '../../support/flowise'
import { routerChain } from '../../support/flows'
import { predictionLoad } from '../../support/load'
import { startTestStack, upstream, type TestModel, type TestStack } from '../../support/stack'

/** Three upstreams, alike but for how they behave under the load. */
const MODELS: readonly TestModel[] = ['flaky', 'hanging', 'healthy'].map((name) => ({
    name,
    input: 1e-7,
    output: 2e-7,
    quality: { general: 0.8 }
}))
const ALL = JSON.stringify(['flaky', 'hanging', 'healthy'])
/**
 * Long enough for a healthy model to answer while 50 predictions share Flowise's event loop and a
 * one-worker proxy on a 2-core machine (measured there: p95 6–8 s for 50 concurrent predictions
 * on a healthy model, stock node and router alike); the hanging model costs this much to the few
 * requests that meet it before its circuit opens.
 */
const ATTEMPT_TIMEOUT_MS = 10_000

let stack: TestStack
let flowise: TestFlowise
let catalog: CapabilityCatalog

const chatflow = async (name: string, routerInputs: Record<string, unknown>) => {
    const flow = routerChain(catalog, routerInputs).build()
    return flowise.client.createChatflow(name, flow.nodes, flow.edges)
}

const load = (id: string, count: number, concurrency: number, streaming?: (i: number) => boolean) =>
    predictionLoad(flowise.client, id, count, concurrency, streaming)

const errorsOf = (results: readonly { error?: string }[]) => results.filter((r) => r.error).map((r) => r.error)

describe('The router under a fault load, inside a real Flowise', { timeout: 600_000 }, () => {
    before(async () => {
        catalog = await realCatalog()
        stack = await startTestStack(MODELS)
        flowise = await startTestFlowise({ LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey })
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
    })
    beforeEach(() => stack.provider.reset())

    it('500 predictions, 50 at a time, one upstream failing half its calls, one hanging: no client errors; the hanging one is rested, then serves again once it recovers', async () => {
        stack.provider.script(upstream('flaky'), { failWith: { status: 500 }, failEvery: 2 })
        stack.provider.script(upstream('hanging'), { hang: true })
        const id = await chatflow('fault load', {
            candidateModels: ALL,
            preferredModels: ALL,
            maxAttempts: 3,
            attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
            totalTimeoutMs: 60_000,
            streaming: true
        })
        const results = await load(id, 500, 50)
        console.log(`# connections still open to the upstreams right after the load: ${stack.provider.openConnections}`)
        assert.deepEqual(errorsOf(results), [])
        for (const [i, result] of results.entries()) assert.match(result.text ?? '', new RegExp(`^\\[up-(flaky|healthy)\\] Q: load ${i}$`))

        // The first hang opens its circuit once it times out; after that, at most 5% of the requests may wait on it.
        const hanging = stack.provider.requestsFor(upstream('hanging'))
        assert.ok(hanging.length > 0, 'the hanging upstream was tried')
        const opened = hanging[0].at + ATTEMPT_TIMEOUT_MS + 250
        const waitedAfterOpening = hanging.filter((r) => r.at > opened).length
        assert.ok(waitedAfterOpening <= 25, `${waitedAfterOpening} requests waited on the hanging model after its circuit opened`)

        // It recovers: under steady traffic it serves again within 30 s.
        stack.provider.script(upstream('hanging'), {})
        const recovered = Date.now()
        const servedAgain = async () => {
            for (let i = 0; Date.now() - recovered < 30_000; i++) {
                await load(id, 10, 5)
                if (stack.provider.requestsFor(upstream('hanging')).some((r) => r.at > recovered)) return Date.now() - recovered
            }
            return undefined
        }
        const after = await servedAgain()
        assert.ok(after !== undefined, 'the recovered model served again within 30 s')
    })

    it('a Max Latency every model exceeds sends requests to the fastest ones instead of failing, and the flow stays up', async () => {
        for (const m of MODELS) stack.provider.script(upstream(m.name), { latencyMs: 150 })
        const id = await chatflow('latency limit', { candidateModels: ALL, maxLatencyMs: 100, streaming: false })
        assert.deepEqual(errorsOf(await load(id, 60, 20, () => false)), [])
        // Idle, then a request: still answered.
        assert.deepEqual(errorsOf(await load(id, 1, 1, () => false)), [])
    })

    it('a proxy restart in the middle of the load costs no client errors (Total Timeout 30 s)', async () => {
        const id = await chatflow('proxy restart', {
            candidateModels: JSON.stringify(['healthy', 'flaky']),
            totalTimeoutMs: 30_000,
            streaming: false
        })
        for (const m of MODELS) stack.provider.script(upstream(m.name), { latencyMs: 20 })
        const running = load(id, 200, 10, () => false)
        await new Promise((resolve) => setTimeout(resolve, 500))
        await stack.restartProxy()
        assert.deepEqual(errorsOf(await running), [])
    })
})
