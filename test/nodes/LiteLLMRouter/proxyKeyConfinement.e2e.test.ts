import assert from 'node:assert/strict'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { realCatalog } from '../../support/catalog'
import { HttpCollector } from '../../support/collectors/httpCollector'
import { codeSuiteYaml } from '../../support/evaluation'
import { startTestFlowise, type TestFlowise } from '../../support/flowise'
import { litellmChain, routerChain } from '../../support/flows'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

let stack: TestStack
let flowise: TestFlowise
let catalog: CapabilityCatalog
/** A loopback listener posing as a LiteLLM proxy: whatever reaches it must never carry the server's key. */
let listener: HttpCollector

const loadModels = (body: Record<string, unknown>) =>
    flowise.client.request<{ name: string }[]>('POST', '/node-load-method/liteLLMRouter', { loadMethod: 'listModels', ...body })

describe("The server's LiteLLM key goes only to the server's proxy", { timeout: 300_000 }, () => {
    before(async () => {
        catalog = await realCatalog()
        stack = await startTestStack()
        listener = await new HttpCollector(() => ({ status: 200, body: { data: [] } })).start()
        flowise = await startTestFlowise({ LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey })
    })
    after(async () => {
        // Whatever happened in the tests, the listener never saw the server's key.
        const leaked = listener?.requests.filter(
            (r) => JSON.stringify(r.headers).includes(stack.masterKey) || r.body.includes(stack.masterKey)
        )
        assert.deepEqual(leaked ?? [], [])
        await flowise?.stop()
        await listener?.stop()
        await stack?.stop()
    })
    beforeEach(() => {
        stack.provider.reset()
        listener.requests.length = 0
    })

    it('the proxy config file written at start holds no key and is readable by its owner only', () => {
        const file = path.join(stack.workDir, 'litellm-config.effective.yaml')
        assert.ok(!readFileSync(file, 'utf8').includes(stack.masterKey))
        assert.equal(statSync(file).mode & 0o777, 0o600)
    })

    it('the load method ignores a proxy URL in the node inputs and lists the server proxy models', async () => {
        const options = await loadModels({ inputs: { liteLLMProxyUrl: listener.url, liteLLMApiKey: 'sk-from-input' } })
        assert.deepEqual(
            options.map((o) => o.name),
            ['budget', 'premium', 'standard']
        )
        assert.equal(listener.requests.length, 0)
    })

    it('a credential naming another proxy without a key is refused with the reason, and nothing is sent', async () => {
        const credential = await flowise.client.createCredential('foreign, keyless', 'liteLLMRouterApi', { liteLLMProxyUrl: listener.url })
        // Flowise answers a load method that throws with an empty list.
        assert.deepEqual(await loadModels({ credential, inputs: {} }), [])
        const flow = routerChain(catalog).build()
        flow.nodes.find((n) => n.id === 'liteLLMRouter_0')!.data.credential = credential
        const id = await flowise.client.createChatflow('router with a keyless foreign credential', flow.nodes, flow.edges)
        await assert.rejects(flowise.client.predict(id, 'x'), /not this server's proxy.*no API key of its own/)
        assert.equal(listener.requests.length, 0)
        assert.equal(stack.provider.requests.length, 0)
    })

    it("a credential naming another proxy sends that credential's own key there", async () => {
        const credential = await flowise.client.createCredential('foreign, own key', 'liteLLMRouterApi', {
            liteLLMProxyUrl: listener.url,
            liteLLMApiKey: 'sk-listener-own'
        })
        assert.deepEqual(await loadModels({ credential, inputs: {} }), [])
        assert.deepEqual(
            listener.requests.map((r) => [r.path, r.headers.authorization]),
            [['/model/info', 'Bearer sk-listener-own']]
        )
    })

    it('a prediction whose router node names a URL in its inputs is served by the server proxy', async () => {
        const flow = routerChain(catalog, { liteLLMProxyUrl: listener.url, liteLLMApiKey: 'sk-from-input', streaming: true }).build()
        const id = await flowise.client.createChatflow('router with a URL input', flow.nodes, flow.edges)
        const answer = await flowise.client.predict(id, 'who answers?')
        assert.equal(answer.text, `[${upstream('budget')}] Q: who answers?`)
        assert.equal(listener.requests.length, 0)
    })

    it("the optimizer's routed node uses the server proxy, whatever URLs the original node carried", async () => {
        const flow = litellmChain(catalog, `${stack.litellm.url}/v1`).build()
        Object.assign(flow.nodes.find((n) => n.id === 'chatLitellm_0')!.data.inputs!, { liteLLMProxyUrl: listener.url })
        const credential = await flowise.client.createCredential('stock litellm', 'litellmApi', { litellmApiKey: stack.masterKey })
        flow.nodes.find((n) => n.id === 'chatLitellm_0')!.data.credential = credential
        const originalId = await flowise.client.createChatflow('stock LiteLLM chain', flow.nodes, flow.edges)
        const optimized = await flowise.client.request<{ savedChatflowId: string; report: { changes: { pass: string }[] } }>(
            'POST',
            '/orquesta/optimize',
            { chatflowId: originalId, save: true, constraints: { maxCostUsd: 0.01 } }
        )
        assert.ok(optimized.report.changes.some((c) => c.pass === 'route-through-router'))
        const answer = await flowise.client.predict(optimized.savedChatflowId, 'routed?')
        assert.equal(answer.text, `[${upstream('budget')}] Q: routed?`)
        assert.equal(listener.requests.length, 0)
    })

    it('evaluation runs started through the routes call the server proxy only', async () => {
        const suite = codeSuiteYaml('confinement', ['extraction'], 2)
        const started = await flowise.client.request<{ run?: { status: string }; reports?: unknown[] }>(
            'POST',
            '/orquesta/evaluations/runs',
            {
                models: ['budget'],
                suite,
                waitMs: 60_000
            }
        )
        assert.ok(started.reports, JSON.stringify(started).slice(0, 300))
        assert.equal(stack.provider.requestsFor(upstream('budget')).length, 2)
        assert.equal(listener.requests.length, 0)
    })
})
