import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { after, before, describe, it } from 'node:test'
import { startFlowiseWorker } from '../../../scripts/lib/flowiseServer'
import type { Service } from '../../../scripts/lib/processes'
import { parseSuite } from '../../../plugin/evaluation/suite/parseSuite'
import type { DecisionSummary } from '../../../plugin/router/decisionSummary'
import { answersFrom, codeSuiteYaml } from '../../support/evaluation'
import { connect, flowNode, type TestFlowise, startTestFlowise } from '../../support/flowise'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

const REDIS_URL = 'redis://127.0.0.1:6379'

const redisIsUp = (): Promise<boolean> =>
    new Promise((resolve) => {
        const socket = net.connect(6379, '127.0.0.1')
        socket.once('connect', () => resolve(socket.end() !== undefined))
        socket.once('error', () => resolve(false))
    })

/** What a prediction answer carries of the router's decisions. */
interface Disclosed {
    text: string
    chatMessageId: string
    usedTools?: { tool: string }[]
    orquesta?: { decisions: (DecisionSummary & { nodeId?: string })[] }
}

let stack: TestStack
let flowise: TestFlowise
let worker: Service
let chatflowId: string

describe('queue mode: `flowise worker` runs the plugin node', { timeout: 300_000 }, () => {
    before(async () => {
        if (!(await redisIsUp())) throw new Error(`queue-mode test needs Redis at ${REDIS_URL} (.ci/run starts it)`)
        const queue = {
            MODE: 'queue',
            REDIS_URL,
            QUEUE_NAME: `orquesta-test-${randomBytes(4).toString('hex')}`,
            ORQUESTA_MEASUREMENTS_MAX_AGE_MS: '500'
        }
        stack = await startTestStack()
        const proxy = { LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey }
        flowise = await startTestFlowise({ ...queue, ...proxy })
        worker = await startFlowiseWorker({ dataDir: flowise.dataDir, env: { ...queue, ...proxy } })
    })
    after(async () => {
        await worker?.stop()
        await flowise?.stop()
        await stack?.stop()
    })

    it('registers the plugin in the worker’s own node pool', () => {
        assert.match(
            readFileSync(worker.logFile, 'utf8'),
            /\[orquesta\] registered nodes (.*, )?liteLLMRouter(, .*)? and credentials liteLLMRouterApi/
        )
    })

    it('answers a prediction through the router node, executed by the worker', async () => {
        const { client } = flowise
        const credential = await client.createCredential('proxy', 'liteLLMRouterApi', {
            liteLLMProxyUrl: stack.litellm.url,
            liteLLMApiKey: stack.masterKey
        })
        const [prompt, router, chain] = await Promise.all(['promptTemplate', 'liteLLMRouter', 'llmChain'].map((n) => client.node(n)))
        const promptNode = flowNode(prompt, 'promptTemplate_0', { template: 'Q: {question}', promptValues: '' })
        const routerNode = flowNode(
            router,
            'liteLLMRouter_0',
            { candidateModels: '["budget","premium"]', strategy: 'quality-first' },
            credential
        )
        const chainNode = flowNode(chain, 'llmChain_0', {})
        chatflowId = await client.createChatflow(
            'queue mode',
            [promptNode, routerNode, chainNode],
            [connect(routerNode, chainNode, 'model'), connect(promptNode, chainNode, 'prompt')]
        )
        const answer = (await client.predict(chatflowId, 'from the worker?')) as unknown as Disclosed
        assert.equal(answer.text, `[${upstream('premium')}] Q: from the worker?`)
        assert.match(readFileSync(worker.logFile, 'utf8'), /\[BaseQueue\] Completed job \d+ in orquesta-test-[0-9a-f]+-prediction/)

        // The worker made the decision; the server's answer and the stored message show it.
        assert.deepEqual(
            answer.orquesta?.decisions.map((d) => [d.nodeId, d.model, d.strategy]),
            [['liteLLMRouter_0', 'premium', 'quality-first']]
        )
        assert.deepEqual(
            answer.usedTools?.map((t) => t.tool),
            ['LiteLLM Router → premium']
        )
        const stored = await client.request<{ id: string; usedTools?: { tool: string }[] }[]>('GET', `/chatmessage/${chatflowId}`)
        assert.deepEqual(
            stored.find((m) => m.id === answer.chatMessageId)?.usedTools?.map((t) => t.tool),
            ['LiteLLM Router → premium']
        )
    })

    it("streams the worker's decision to the client before the stream's metadata", async () => {
        const events = await flowise.client.predictStream(chatflowId, 'streamed from the worker?')
        const usedTools = events.findIndex((e) => e.event === 'usedTools')
        const metadata = events.findIndex((e) => e.event === 'metadata')
        assert.ok(usedTools >= 0 && usedTools < metadata, JSON.stringify(events.map((e) => e.event)))
        assert.deepEqual(
            (events[usedTools].data as { tool: string }[]).map((t) => t.tool),
            ['LiteLLM Router → premium']
        )
    })

    it("steers the worker's router with the evaluation the main server ran", async () => {
        const suite = parseSuite(codeSuiteYaml('queue', ['reasoning'], 12), { fileName: 'queue.yaml' })
        stack.provider.script(upstream('premium'), { reply: answersFrom(suite, { wrong: ['reasoning'] }) })
        stack.provider.script(upstream('budget'), { reply: answersFrom(suite) })
        const started = await flowise.client.request<{ run: { status: string } }>('POST', '/orquesta/evaluations/runs', {
            models: ['premium', 'budget'],
            suite: codeSuiteYaml('queue', ['reasoning'], 12),
            waitMs: 60_000
        })
        assert.equal(started.run.status, 'completed')
        stack.provider.reset()
        // The worker reloads its measurements once they are older than ORQUESTA_MEASUREMENTS_MAX_AGE_MS (500 ms).
        const deadline = Date.now() + 5_000
        let answer = await flowise.client.predict(chatflowId, 'after the evaluation?')
        while (answer.text !== `[${upstream('budget')}] Q: after the evaluation?` && Date.now() < deadline) {
            answer = await flowise.client.predict(chatflowId, 'after the evaluation?')
        }
        assert.equal(answer.text, `[${upstream('budget')}] Q: after the evaluation?`)
    })
})
