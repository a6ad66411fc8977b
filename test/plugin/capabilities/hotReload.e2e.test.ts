import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { waitFor } from '../../support/waitFor'
import type { CatalogEntry, LoadFailure } from '../../../plugin/capabilities/types'
import { connect, flowNode, type NodeDefinition, type TestFlowise, startTestFlowise } from '../../support/flowise'
import { writeNode } from '../../support/nodeFiles'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

interface CapabilitiesAnswer {
    total: number
    count: number
    entries: CatalogEntry[]
    failures: LoadFailure[]
}

/** A prompt-template node as a user would drop it into a watched directory. */
const promptNode = (template: string) => ({
    name: 'orquestaHotPrompt',
    label: 'Orquesta Hot Prompt',
    category: 'Prompts',
    baseClasses: ['PromptTemplate', 'BaseStringPromptTemplate', 'BasePromptTemplate', 'Runnable'],
    prelude: `const { PromptTemplate } = require(${JSON.stringify(require.resolve('@langchain/core/prompts'))})\n`,
    init: `const prompt = PromptTemplate.fromTemplate(${JSON.stringify(template)}); prompt.promptValues = {}; return prompt`
})

let stack: TestStack
let flowise: TestFlowise
let nodesDir: string

describe('live capability catalog inside a real Flowise', { timeout: 300_000 }, () => {
    const capabilities = (query = '') => flowise.client.request<CapabilitiesAnswer>('GET', `/orquesta/capabilities${query}`)
    const hostNode = async (name: string) => (await flowise.client.request<NodeDefinition[]>('GET', '/nodes')).find((n) => n.name === name)

    before(async () => {
        nodesDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-hot-nodes-'))
        stack = await startTestStack()
        flowise = await startTestFlowise({
            ORQUESTA_NODE_DIRS: nodesDir,
            LITELLM_PROXY_URL: stack.litellm.url,
            LITELLM_MASTER_KEY: stack.masterKey
        })
        await waitFor('the catalog of every Flowise node', async () => ((await capabilities()).total > 200 ? true : undefined), 60_000)
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
        rmSync(nodesDir, { recursive: true, force: true })
    })

    it("lists every node the host runs, Flowise's and the plugin's, with filters", async () => {
        const all = await capabilities()
        const hostNodes = await flowise.client.request<NodeDefinition[]>('GET', '/nodes')
        assert.equal(all.total, hostNodes.length, 'one catalog entry per node in the host pool')
        const chatModels = (await capabilities('?capability=tool-calling')).entries.map((e) => e.name)
        assert.ok(chatModels.includes('chatOpenAI') && chatModels.includes('liteLLMRouter'))
        assert.deepEqual(
            (await capabilities('?q=calculator&category=Tools')).entries.map((e) => e.name),
            ['calculator']
        )
        assert.ok((await capabilities('?baseClass=BaseRetriever')).entries.some((e) => e.name === 'memoryVectorStore'))
        await assert.rejects(capabilities('?capability=telepathy'), /HTTP 400: .*capability/)
        const anonymous = await fetch(`${flowise.server.url}/api/v1/orquesta/capabilities`)
        assert.equal(anonymous.status, 401)
    })

    it('hot-loads a node file dropped into a watched directory: catalog, SSE, host palette, predictions', async () => {
        const events = new AbortController()
        const stream = await fetch(`${flowise.server.url}/api/v1/orquesta/capabilities/events`, {
            headers: { authorization: `Bearer ${flowise.client.apiKey}` },
            signal: events.signal
        })
        assert.equal(stream.headers.get('content-type'), 'text/event-stream')
        let received = ''
        const reading = (async () => {
            const decoder = new TextDecoder()
            const reader = stream.body!.getReader()
            try {
                for (let part = await reader.read(); !part.done; part = await reader.read()) received += decoder.decode(part.value)
            } catch {
                // aborted at the end of the test
            }
        })()
        await waitFor('the SSE ready event', async () => (received.includes('event: ready') ? true : undefined))

        const file = path.join(nodesDir, 'HotPrompt.js')
        const written = Date.now()
        writeNode(file, promptNode('Hot reloaded: {question}'))
        await waitFor('orquestaHotPrompt in GET /api/v1/nodes', async () => (await hostNode('orquestaHotPrompt')) ?? undefined)
        const visibleAfter = Date.now() - written
        await waitFor('the SSE update', async () =>
            /event: update\ndata: .*"added":\["orquestaHotPrompt"\]/.test(received) ? true : undefined
        )
        events.abort()
        await reading
        assert.ok(visibleAfter < 5_000, `visible after ${visibleAfter} ms`)
        assert.deepEqual(
            (await capabilities('?q=orquestahot')).entries.map((e) => [e.name, e.capabilities]),
            [['orquestaHotPrompt', ['prompt']]]
        )

        const { client } = flowise
        const [prompt, router, chain] = await Promise.all([
            hostNode('orquestaHotPrompt'),
            client.node('liteLLMRouter'),
            client.node('llmChain')
        ])
        const promptFlowNode = flowNode(prompt!, 'hotPrompt_0', {})
        const routerNode = flowNode(router, 'liteLLMRouter_0', { candidateModels: '["budget"]', streaming: false })
        const chainNode = flowNode(chain, 'llmChain_0', {})
        const id = await client.createChatflow(
            'hot reload',
            [promptFlowNode, routerNode, chainNode],
            [connect(routerNode, chainNode, 'model'), connect(promptFlowNode, chainNode, 'prompt')]
        )
        assert.equal((await client.predict(id, 'hi')).text, `[${upstream('budget')}] Hot reloaded: hi`)

        writeNode(file, promptNode('Hot reloaded again: {question}'))
        await waitFor('the changed node to run', async () =>
            (await client.predict(id, 'hi')).text === `[${upstream('budget')}] Hot reloaded again: hi` ? true : undefined
        )
    })

    it('reports a node file that fails to load, and drops a deleted node from the host', async () => {
        const broken = path.join(nodesDir, 'Broken.js')
        writeFileSync(broken, 'module.exports = { nodeClass: class { constructor() { throw new Error("cannot construct") } } }\n')
        const failure = await waitFor('the failure in the API', async () =>
            (await capabilities()).failures.find((f) => f.filePath === broken)
        )
        assert.equal(failure.message, 'cannot construct')
        assert.ok(await hostNode('liteLLMRouter'), 'the host keeps running')

        unlinkSync(path.join(nodesDir, 'HotPrompt.js'))
        await waitFor('orquestaHotPrompt gone from GET /api/v1/nodes', async () =>
            (await hostNode('orquestaHotPrompt')) ? undefined : true
        )
        assert.equal((await capabilities('?q=orquestahot')).count, 0)
    })
})
