import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { connect, flowNode, type FlowiseClient, type TestFlowise, startTestFlowise } from '../../support/flowise'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

let stack: TestStack
let flowise: TestFlowise
let client: FlowiseClient
let credentialId: string

/** An LLM chain whose model is the router node, created through Flowise's REST API. */
const routerChatflow = async (name: string, routerInputs: Record<string, unknown>): Promise<string> => {
    const [prompt, router, chain] = await Promise.all([
        client.node('promptTemplate'),
        client.node('liteLLMRouter'),
        client.node('llmChain')
    ])
    const promptNode = flowNode(prompt, 'promptTemplate_0', { template: 'Question from the user: {question}', promptValues: '' })
    const routerNode = flowNode(router, 'liteLLMRouter_0', routerInputs, credentialId)
    const chainNode = flowNode(chain, 'llmChain_0', {})
    const edges = [connect(routerNode, chainNode, 'model'), connect(promptNode, chainNode, 'prompt')]
    return client.createChatflow(name, [promptNode, routerNode, chainNode], edges)
}

describe('LiteLLM Router node inside a real Flowise', { timeout: 300_000 }, () => {
    before(async () => {
        stack = await startTestStack()
        flowise = await startTestFlowise()
        client = flowise.client
        credentialId = await client.createCredential('test proxy', 'liteLLMRouterApi', {
            liteLLMProxyUrl: stack.litellm.url,
            liteLLMApiKey: stack.masterKey
        })
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
    })
    beforeEach(() => stack.provider.reset())

    it('lists the proxy models live as the node options', async () => {
        const options = await client.request<{ name: string; description: string }[]>('POST', '/node-load-method/liteLLMRouter', {
            loadMethod: 'listModels',
            credential: credentialId,
            inputs: {}
        })
        assert.deepEqual(
            options.map((o) => o.name),
            ['budget', 'premium', 'standard']
        )
        assert.match(options.find((o) => o.name === 'premium')!.description, /in \$10\.00 \/ out \$30\.00 per 1M tokens · tools, vision/)
    })

    it('answers a prediction with the model the policy had to pick', async () => {
        const id = await routerChatflow('router: quality floor', {
            candidateModels: JSON.stringify(['budget', 'standard', 'premium']),
            strategy: 'cost-based',
            minQuality: 0.7,
            streaming: true
        })
        const answer = await client.predict(id, 'what is Orquesta?')
        // budget is cheapest but under the quality floor; standard is the cheapest above it.
        assert.equal(answer.text, `[${upstream('standard')}] Question from the user: what is Orquesta?`)
        assert.deepEqual(
            stack.provider.requests.map((r) => r.model),
            [upstream('standard')]
        )
        const sent = stack.provider.requests[0]
        assert.equal(sent.body.temperature, 0.7)
    })

    it('streams a prediction token by token from the chosen model', async () => {
        stack.provider.script(upstream('premium'), { reply: 'streamed answer in five tokens', chunkDelayMs: 5 })
        const id = await routerChatflow('router: quality first, streaming', {
            candidateModels: JSON.stringify(['budget', 'standard', 'premium']),
            strategy: 'quality-first',
            streaming: true
        })
        const events = await client.predictStream(id, 'stream it')
        const tokens = events.filter((e) => e.event === 'token').map((e) => e.data as string)
        assert.ok(tokens.length >= 5, `got ${tokens.length} token events`)
        assert.equal(tokens.join(''), 'streamed answer in five tokens')
        assert.ok(events.some((e) => e.event === 'end'))
        assert.deepEqual(
            stack.provider.requests.map((r) => r.model),
            [upstream('premium')]
        )
    })

    it('falls back inside Flowise when the chosen model fails', async () => {
        stack.provider.script(upstream('budget'), { failWith: { status: 503 } })
        const id = await routerChatflow('router: fallback', {
            candidateModels: JSON.stringify(['budget', 'standard']),
            strategy: 'cost-based',
            streaming: false
        })
        const answer = await client.predict(id, 'are you there?')
        assert.equal(answer.text, `[${upstream('standard')}] Question from the user: are you there?`)
    })

    it('rejects invalid limits with a message that names the field', async () => {
        const id = await routerChatflow('router: bad limit', {
            candidateModels: JSON.stringify(['budget']),
            maxCostPerRequest: -1
        })
        await assert.rejects(client.predict(id, 'x'), /maxCostPerRequest: must be a positive amount in USD/)
        assert.equal(stack.provider.requests.length, 0)
    })

    it('rejects unknown model names and lists the models the proxy serves', async () => {
        const id = await routerChatflow('router: unknown model', { candidateModels: JSON.stringify(['budget', 'gpt-nine']) })
        await assert.rejects(
            client.predict(id, 'x'),
            /Unknown model\(s\) gpt-nine: the LiteLLM proxy at .* serves budget, premium, standard/
        )
    })

    it('explains why no model fits when the constraints exclude them all', async () => {
        const id = await routerChatflow('router: impossible', {
            candidateModels: JSON.stringify(['budget', 'premium']),
            maxCostPerRequest: 0.0000001
        })
        await assert.rejects(client.predict(id, 'x'), /No candidate model satisfies the constraints[\s\S]*budget: over-cost/)
    })
})
