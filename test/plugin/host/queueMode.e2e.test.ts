import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { after, before, describe, it } from 'node:test'
import { startFlowiseWorker } from '../../../scripts/lib/flowiseServer'
import type { Service } from '../../../scripts/lib/processes'
import { connect, flowNode, type TestFlowise, startTestFlowise } from '../../support/flowise'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

const REDIS_URL = 'redis://127.0.0.1:6379'

const redisIsUp = (): Promise<boolean> =>
    new Promise((resolve) => {
        const socket = net.connect(6379, '127.0.0.1')
        socket.once('connect', () => resolve(socket.end() !== undefined))
        socket.once('error', () => resolve(false))
    })

let stack: TestStack
let flowise: TestFlowise
let worker: Service

describe('queue mode: `flowise worker` runs the plugin node', { timeout: 300_000 }, () => {
    before(async () => {
        if (!(await redisIsUp())) throw new Error(`queue-mode test needs Redis at ${REDIS_URL} (.ci/run starts it)`)
        const queue = { MODE: 'queue', REDIS_URL, QUEUE_NAME: `orquesta-test-${randomBytes(4).toString('hex')}` }
        stack = await startTestStack()
        flowise = await startTestFlowise(queue)
        worker = await startFlowiseWorker({ dataDir: flowise.dataDir, env: queue })
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
        const id = await client.createChatflow(
            'queue mode',
            [promptNode, routerNode, chainNode],
            [connect(routerNode, chainNode, 'model'), connect(promptNode, chainNode, 'prompt')]
        )
        const answer = await client.predict(id, 'from the worker?')
        assert.equal(answer.text, `[${upstream('premium')}] Q: from the worker?`)
        assert.match(readFileSync(worker.logFile, 'utf8'), /\[BaseQueue\] Completed job \d+ in orquesta-test-[0-9a-f]+-prediction/)
    })
})
