import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { connect, flowNode, type NodeDefinition, type TestFlowise, startTestFlowise } from '../../support/flowise'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

let stack: TestStack
let flowise: TestFlowise

describe('the plugin inside a stock Flowise (preload hook)', { timeout: 300_000 }, () => {
    before(async () => {
        stack = await startTestStack()
        flowise = await startTestFlowise({ LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey })
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
    })

    it("lists the plugin's node among Flowise's own, in Chat Models, with its icon served", async () => {
        const nodes = await flowise.client.request<NodeDefinition[]>('GET', '/nodes')
        const router = nodes.find((n) => n.name === 'liteLLMRouter')
        assert.ok(router, 'liteLLMRouter is listed')
        assert.equal(router.category, 'Chat Models')
        assert.ok(
            nodes.some((n) => n.name === 'chatOpenAI'),
            "Flowise's own nodes are still there"
        )
        assert.ok(router.baseClasses.includes('BaseChatModel'))
        const icon = await fetch(`${flowise.server.url}/api/v1/node-icon/liteLLMRouter`)
        assert.equal(icon.status, 200)
        assert.equal(icon.headers.get('content-type'), 'image/svg+xml')
        assert.match(await icon.text(), /<svg/)
    })

    it("lists the plugin's credential", async () => {
        const credentials = await flowise.client.request<{ name: string }[]>('GET', '/components-credentials')
        assert.ok(credentials.some((c) => c.name === 'liteLLMRouterApi'))
    })

    it("protects the plugin's routes with Flowise's own authentication", async () => {
        const anonymous = await fetch(`${flowise.server.url}/api/v1/orquesta/health`)
        assert.equal(anonymous.status, 401)
        const wrongKey = await fetch(`${flowise.server.url}/api/v1/orquesta/health`, { headers: { authorization: 'Bearer not-a-key' } })
        assert.equal(wrongKey.status, 401)
    })

    it('reports the plugin version and whether the LiteLLM proxy is reachable', async () => {
        const health = await flowise.client.request<{ version: string; litellm: { url: string; reachable: boolean } }>(
            'GET',
            '/orquesta/health'
        )
        assert.equal(health.version, '0.1.0')
        assert.deepEqual(health.litellm, { url: stack.litellm.url, reachable: true })
    })

    it("runs a token-counting chain with Flowise's stock LiteLLM node quickly with no network (air-gap)", async () => {
        const [prompt, model, chain] = await Promise.all(
            ['promptTemplate', 'chatLitellm', 'llmChain'].map((name) => flowise.client.node(name))
        )
        const credential = await flowise.client.createCredential('stock litellm', 'litellmApi', { litellmApiKey: stack.masterKey })
        const promptNode = flowNode(prompt, 'promptTemplate_0', { template: 'Q: {question}', promptValues: '' })
        const modelNode = flowNode(
            model,
            'chatLitellm_0',
            { basePath: `${stack.litellm.url}/v1`, modelName: 'budget', streaming: true },
            credential
        )
        const chainNode = flowNode(chain, 'llmChain_0', {})
        const id = await flowise.client.createChatflow(
            'air-gap',
            [promptNode, modelNode, chainNode],
            [connect(modelNode, chainNode, 'model'), connect(promptNode, chainNode, 'prompt')]
        )
        const started = Date.now()
        const answer = await flowise.client.predict(id, 'offline?')
        const elapsed = Date.now() - started
        assert.equal(answer.text, `[${upstream('budget')}] Q: offline?`)
        // Without the plugin this prediction waits for tiktoken.pages.dev: 206 s measured here.
        assert.ok(elapsed < 10_000, `prediction took ${elapsed} ms`)
        const health = await flowise.client.request<{ airGap: { tokenizerTablesServed: Record<string, number> } }>(
            'GET',
            '/orquesta/health'
        )
        const served = Object.values(health.airGap.tokenizerTablesServed).reduce((a, b) => a + b, 0)
        assert.ok(served >= 1, `the chain counted tokens: tables served ${JSON.stringify(health.airGap.tokenizerTablesServed)}`)
    })
})
