import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { RoutingRecord } from '../../../plugin/router/routingRecord'
import { roundUsd } from '../../../plugin/format/roundForPeople'
import { TASK_CATEGORIES } from '../../../plugin/router/types'
import { SECURITY_LEVELS } from '../../../plugin/security/securityLevel'
import { agentflowEdge, agentflowNode } from '../../support/agentflows'
import { realCatalog } from '../../support/catalog'
import { type FlowiseClient, type FlowNode, type NodeDefinition, type TestFlowise, startTestFlowise } from '../../support/flowise'
import { routerChain } from '../../support/flows'
import type { ChatRequestBody } from '../../support/standInProvider'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

let stack: TestStack
let flowise: TestFlowise
let client: FlowiseClient
const definitions = new Map<string, NodeDefinition>()

/** A one-pixel PNG, as the chat UI uploads an image. */
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

interface ExecutedNode {
    nodeId: string
    data: { name: string; output: Record<string, unknown> & { responseMetadata?: Record<string, unknown> } }
}

interface AgentflowAnswer {
    text: string
    agentFlowExecutedData: ExecutedNode[]
}

/** The router as the model of an Agent or LLM step, configured the way the model dialog stores it. */
const routerModel = (prefix: 'agent' | 'llm', config: Record<string, unknown>) => ({
    [`${prefix}Model`]: 'liteLLMRouter',
    [`${prefix}ModelConfig`]: { [`${prefix}Model`]: 'liteLLMRouter', strategy: 'cost-based', temperature: 0, ...config }
})

const node = (name: string, id: string, inputs: Record<string, unknown>, branches = 0): FlowNode =>
    agentflowNode(definitions.get(name)!, id, inputs, branches)

const start = () => node('startAgentflow', 'startAgentflow_0', { startInputType: 'chatInput' })

/** Start → LLM step on the router. */
const llmFlow = async (name: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const first = start()
    const llm = node('llmAgentflow', 'llmAgentflow_0', {
        ...routerModel('llm', config),
        llmMessages: [{ role: 'system', content: 'Answer briefly.' }],
        ...extra
    })
    return client.createChatflow(name, [first, llm], [agentflowEdge(first, llm)], 'AGENTFLOW')
}

const executed = (answer: AgentflowAnswer, nodeId: string): ExecutedNode['data']['output'] => {
    const found = answer.agentFlowExecutedData.find((d) => d.nodeId === nodeId)
    assert.ok(found, `${nodeId} ran: ${JSON.stringify(answer.agentFlowExecutedData.map((d) => d.nodeId))}`)
    return found.data.output
}

const recordOf = (output: ExecutedNode['data']['output']) => output.responseMetadata?.orquesta as RoutingRecord

const userText = (body: ChatRequestBody) => {
    const last = [...body.messages].reverse().find((m) => m.role === 'user')
    return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content)
}

describe('LiteLLM Router in Agentflow v2 inside a real Flowise (issue 13 §2)', { timeout: 420_000 }, () => {
    before(async () => {
        stack = await startTestStack()
        flowise = await startTestFlowise({ LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey })
        client = flowise.client
        for (const name of [
            'startAgentflow',
            'agentAgentflow',
            'llmAgentflow',
            'conditionAgentflow',
            'directReplyAgentflow',
            'liteLLMRouter'
        ])
            definitions.set(name, await client.node(name))
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
    })
    beforeEach(() => stack.provider.reset())

    it("the model dialog: the router is an Agent/LLM model, its candidate and preferred lists load from the server's proxy, its limits say their units", async () => {
        for (const step of ['agentAgentflow', 'llmAgentflow']) {
            const models = await client.request<{ name: string }[]>('POST', `/node-load-method/${step}`, {
                loadMethod: 'listModels',
                inputs: {}
            })
            assert.ok(
                models.some((m) => m.name === 'liteLLMRouter'),
                `${step} offers the router`
            )
        }
        const router = definitions.get('liteLLMRouter')!
        const input = (name: string) => router.inputs!.find((i) => i.name === name)!
        assert.deepEqual(
            ['candidateModels', 'preferredModels'].map((name) => input(name).loadMethod),
            ['listModels', 'listModels']
        )
        // The dialog asks the router's load method with the inputs chosen so far (no credential: the server's proxy).
        const options = await client.request<{ name: string }[]>('POST', '/node-load-method/liteLLMRouter', {
            loadMethod: 'listModels',
            inputs: { strategy: 'cost-based' }
        })
        assert.deepEqual(
            options.map((o) => o.name),
            ['budget', 'premium', 'standard']
        )
        // The fixed lists come from load methods, so the flow saves no option objects for Flowise to clone per prediction.
        const listed = async (loadMethod: string) =>
            (await client.request<{ name: string }[]>('POST', '/node-load-method/liteLLMRouter', { loadMethod, inputs: {} })).map(
                (o) => o.name
            )
        assert.deepEqual(
            ['strategy', 'taskCategory', 'requiredCapabilities', 'securityLevel'].map((name) => [input(name).type, input(name).loadMethod]),
            [
                ['asyncOptions', 'listStrategies'],
                ['asyncOptions', 'listTaskCategories'],
                ['asyncMultiOptions', 'listCapabilities'],
                ['asyncOptions', 'listSecurityLevels']
            ]
        )
        assert.deepEqual(await listed('listStrategies'), ['balanced', 'cost-based', 'latency-based', 'quality-first'])
        assert.deepEqual(await listed('listTaskCategories'), [...TASK_CATEGORIES])
        assert.deepEqual(await listed('listCapabilities'), ['tools', 'vision', 'json'])
        assert.deepEqual(await listed('listSecurityLevels'), [...SECURITY_LEVELS])
        assert.ok(!router.inputs!.some((i) => 'options' in i), 'no input of the router carries an options list')
        assert.match(input('maxCostPerRequest').description!, /US dollars[\s\S]*fails with an error/)
        assert.match(input('maxLatencyMs').description!, /milliseconds[\s\S]*fastest ones are used/)
        assert.match(input('minQuality').description!, /0 to 1[\s\S]*fails with an error/)
        assert.equal(input('allowImageUploads').type, 'boolean')
    })

    it('Start → Agent with a tool: the router answers the tool call, the tool runs, the agent answers with its result', async () => {
        const target = JSON.stringify(routerChain(await realCatalog()).build())
        stack.provider.script(upstream('budget'), {
            reply: (body) => {
                const last = body.messages[body.messages.length - 1]
                if (last.role === 'tool') return { content: `The optimizer says: ${String(last.content).slice(0, 40)}` }
                return { toolCalls: [{ name: 'flow_optimizer', arguments: JSON.stringify({ flowData: target }) }] }
            }
        })
        const first = start()
        const agent = node('agentAgentflow', 'agentAgentflow_0', {
            ...routerModel('agent', { candidateModels: '["budget","standard"]', streaming: false }),
            agentMessages: [{ role: 'system', content: 'Use your tools.' }],
            agentTools: [{ agentSelectedTool: 'flowOptimizer', agentSelectedToolConfig: { agentSelectedTool: 'flowOptimizer' } }]
        })
        const id = await client.createChatflow('agentflow: agent with tool', [first, agent], [agentflowEdge(first, agent)], 'AGENTFLOW')
        const answer = (await client.predict(id, 'optimize this flow')) as unknown as AgentflowAnswer
        assert.match(answer.text, /^The optimizer says: \{"changes":/)
        const calls = stack.provider.requestsFor(upstream('budget'))
        assert.equal(calls.length, 2)
        assert.deepEqual(
            (calls[0].body.tools as { function: { name: string } }[]).map((t) => t.function.name),
            ['flow_optimizer']
        )
        const output = executed(answer, 'agentAgentflow_0')
        assert.deepEqual(
            (output.usedTools as { tool: string }[]).map((t) => t.tool),
            ['flow_optimizer']
        )
        assert.equal(recordOf(output).model, 'budget')
    })

    it('Start → LLM (JSON structured output) → Condition → replies: the router returns the JSON and the branch follows it', async () => {
        stack.provider.script(upstream('budget'), {
            reply: (body) => {
                const tool = (body.tools as { function: { name: string } }[] | undefined)?.[0]
                assert.ok(tool, 'structured output asks for a tool call')
                const category = /invoice/.test(userText(body)) ? 'billing' : 'tech'
                return { toolCalls: [{ name: tool.function.name, arguments: JSON.stringify({ category, confidence: 0.9 }) }] }
            }
        })
        const first = start()
        const llm = node('llmAgentflow', 'llmAgentflow_0', {
            ...routerModel('llm', { candidateModels: '["budget"]', streaming: true }),
            llmMessages: [{ role: 'system', content: 'Classify the request.' }],
            llmStructuredOutput: [
                { key: 'category', type: 'enum', enumValues: 'billing, tech', description: 'which team' },
                { key: 'confidence', type: 'number', description: 'how sure, 0 to 1' }
            ]
        })
        const condition = node(
            'conditionAgentflow',
            'conditionAgentflow_0',
            { conditions: [{ type: 'string', value1: '{{ llmAgentflow_0.output.category }}', operation: 'equal', value2: 'billing' }] },
            2
        )
        const billing = node('directReplyAgentflow', 'directReplyAgentflow_0', {
            directReplyMessage: 'Billing team, confidence {{ llmAgentflow_0.output.confidence }}'
        })
        const tech = node('directReplyAgentflow', 'directReplyAgentflow_1', { directReplyMessage: 'Tech team' })
        const edges = [
            agentflowEdge(first, llm),
            agentflowEdge(llm, condition),
            agentflowEdge(condition, billing, 0),
            agentflowEdge(condition, tech, 1)
        ]
        const id = await client.createChatflow('agentflow: llm json condition', [first, llm, condition, billing, tech], edges, 'AGENTFLOW')

        const invoice = (await client.predict(id, 'my invoice is wrong')) as unknown as AgentflowAnswer
        assert.equal(invoice.text, 'Billing team, confidence 0.9')
        const output = executed(invoice, 'llmAgentflow_0')
        assert.deepEqual([output.category, output.confidence], ['billing', 0.9])
        const tech_ = (await client.predict(id, 'the app crashes')) as unknown as AgentflowAnswer
        assert.equal(tech_.text, 'Tech team')
    })

    it('streams the last LLM step to the client token by token, with usage counted once', async () => {
        stack.provider.script(upstream('standard'), {
            reply: 'streamed through the router in agentflow',
            chunkDelayMs: 5,
            usage: { prompt_tokens: 101, completion_tokens: 6 }
        })
        const id = await llmFlow('agentflow: streaming', { candidateModels: '["standard"]', streaming: true })
        const events = await client.predictStream(id, 'stream please')
        const tokens = events.filter((e) => e.event === 'token').map((e) => e.data as string)
        assert.ok(tokens.length >= 6, `got ${tokens.length} token events`)
        assert.equal(tokens.join(''), 'streamed through the router in agentflow')
        assert.ok(events.some((e) => e.event === 'end'))
        const usage = events.find((e) => e.event === 'usageMetadata')?.data as { input_tokens: number; output_tokens: number } | undefined
        assert.deepEqual([usage?.input_tokens, usage?.output_tokens], [101, 6])
        const executedEvent = [...events].reverse().find((e) => e.event === 'agentFlowExecutedData')
        const llm = (executedEvent?.data as ExecutedNode[]).find((d) => d.nodeId === 'llmAgentflow_0')!
        assert.deepEqual(llm.data.output.responseMetadata?.usage, { prompt_tokens: 101, completion_tokens: 6, total_tokens: 107 })
    })

    it("Agentflow's raw usage and cost match the router's own figures exactly (they were doubled: 202 vs 101)", async () => {
        stack.provider.script(upstream('standard'), { reply: 'a short answer', usage: { prompt_tokens: 101, completion_tokens: 3 } })
        const cost = roundUsd(101 * 1e-6 + 3 * 2e-6)
        for (const streaming of [true, false]) {
            const id = await llmFlow(`agentflow: usage (streaming ${streaming})`, { candidateModels: '["standard"]', streaming })
            const answer = (await client.predict(id, 'count my tokens')) as unknown as AgentflowAnswer
            const output = executed(answer, 'llmAgentflow_0')
            const how = `streaming ${streaming}`
            assert.deepEqual(output.responseMetadata?.usage, { prompt_tokens: 101, completion_tokens: 3, total_tokens: 104 }, how)
            const usageMetadata = output.usageMetadata as { input_tokens: number; output_tokens: number; total_tokens: number }
            assert.deepEqual([usageMetadata.input_tokens, usageMetadata.output_tokens, usageMetadata.total_tokens], [101, 3, 104], how)
            const record = recordOf(output)
            assert.deepEqual(record.usage, { inputTokens: 101, outputTokens: 3 }, how)
            assert.equal(record.costUsd, cost, how)
        }
    })

    it('falls back when the preferred model fails, and says so in the record and its summary', async () => {
        stack.provider.script(upstream('premium'), { failWith: { status: 503 } })
        const id = await llmFlow('agentflow: fallback', {
            candidateModels: '["budget","premium"]',
            preferredModels: '["premium"]',
            streaming: false
        })
        const answer = (await client.predict(id, 'are you there?')) as unknown as AgentflowAnswer
        assert.equal(answer.text, `[${upstream('budget')}] are you there?`)
        const output = executed(answer, 'llmAgentflow_0')
        const record = recordOf(output)
        assert.deepEqual(
            record.attempts.map((a) => [a.model, a.outcome]),
            [
                ['premium', 'failed'],
                ['budget', 'ok']
            ]
        )
        assert.match(String(output.responseMetadata?.orquesta_summary), /^budget \(cost-based\).* · after premium \(503[^)]*\) failed/)
    })

    it('applies each step its own limits: quality, cost, latency, per call', async () => {
        const all = '["budget","standard","premium"]'
        const first = start()
        const strict = node('llmAgentflow', 'llmAgentflow_0', {
            ...routerModel('llm', { candidateModels: all, minQuality: 0.9, streaming: false }),
            llmMessages: [{ role: 'system', content: 'Draft.' }]
        })
        const thrifty = node('llmAgentflow', 'llmAgentflow_1', {
            ...routerModel('llm', { candidateModels: all, strategy: 'quality-first', maxCostPerRequest: 0.005, streaming: false }),
            llmMessages: [{ role: 'user', content: 'Polish: {{ llmAgentflow_0.output.content }}' }]
        })
        // No model is expected within 1 ms: the latency limit is a preference, so the fastest answers and the record says so.
        const hurried = node('llmAgentflow', 'llmAgentflow_2', {
            ...routerModel('llm', { candidateModels: all, maxLatencyMs: 1, streaming: false }),
            llmMessages: [{ role: 'user', content: 'Shorten: {{ llmAgentflow_1.output.content }}' }]
        })
        const edges = [agentflowEdge(first, strict), agentflowEdge(strict, thrifty), agentflowEdge(thrifty, hurried)]
        const id = await client.createChatflow('agentflow: limits per step', [first, strict, thrifty, hurried], edges, 'AGENTFLOW')
        const answer = (await client.predict(id, 'write a haiku')) as unknown as AgentflowAnswer
        assert.deepEqual(
            stack.provider.requests.slice(0, 2).map((r) => r.model),
            [upstream('premium'), upstream('standard')]
        )
        const strictRecord = recordOf(executed(answer, 'llmAgentflow_0'))
        assert.deepEqual(strictRecord.limits, { minQuality: 0.9, required: [] })
        assert.deepEqual(
            strictRecord.excluded.map((e) => [e.model, e.reason]),
            [
                ['budget', 'under-quality'],
                ['standard', 'under-quality']
            ]
        )
        const thriftyRecord = recordOf(executed(answer, 'llmAgentflow_1'))
        assert.deepEqual(thriftyRecord.limits, { maxCostUsd: 0.005, required: [] })
        assert.deepEqual(
            thriftyRecord.excluded.map((e) => [e.model, e.reason]),
            [['premium', 'over-cost']]
        )
        const hurriedOutput = executed(answer, 'llmAgentflow_2')
        assert.equal(recordOf(hurriedOutput).latencyLimitRelaxed, true)
        assert.match(String(hurriedOutput.responseMetadata?.orquesta_summary), /max latency 1 ms; latency limit relaxed/)
    })

    it('an impossible limit fails the step with the reason, and nothing is sent', async () => {
        const id = await llmFlow('agentflow: impossible', { candidateModels: '["budget","premium"]', maxCostPerRequest: 0.0000001 })
        await assert.rejects(client.predict(id, 'x'), /No candidate model satisfies the constraints[\s\S]*over-cost/)
        assert.equal(stack.provider.requests.length, 0)
    })

    it('with Allow Image Uploads on, an uploaded image reaches a vision candidate and excludes the others (Agentflow v2 and chatflow)', async () => {
        const upload = { data: PNG, type: 'file', name: 'dot.png', mime: 'image/png' }
        const hasImage = (body: ChatRequestBody) =>
            body.messages.some((m) => Array.isArray(m.content) && m.content.some((part: { type?: string }) => part.type === 'image_url'))

        const id = await llmFlow('agentflow: vision', {
            candidateModels: '["budget","standard"]',
            allowImageUploads: true,
            streaming: false
        })
        const answer = (await client.predict(id, 'what is in the picture?', { uploads: [upload] })) as unknown as AgentflowAnswer
        assert.deepEqual(
            stack.provider.requests.map((r) => [r.model, hasImage(r.body)]),
            [[upstream('standard'), true]]
        )
        const record = recordOf(executed(answer, 'llmAgentflow_0'))
        assert.deepEqual(
            record.excluded.map((e) => [e.model, e.reason]),
            [['budget', 'missing-capability']]
        )
        assert.ok(record.limits.required.includes('vision'))

        stack.provider.reset()
        const chain = routerChain(await realCatalog(), {
            candidateModels: '["budget","standard"]',
            strategy: 'cost-based',
            allowImageUploads: true,
            streaming: false
        }).build()
        const chatflowId = await client.createChatflow('chatflow: vision', chain.nodes, chain.edges)
        const chatAnswer = await client.predict(chatflowId, 'and here?', { uploads: [upload] })
        assert.match(chatAnswer.text, /^\[up-standard\]\s+Q: and here\?$/)
        assert.deepEqual(
            stack.provider.requests.map((r) => [r.model, hasImage(r.body)]),
            [[upstream('standard'), true]]
        )
    })
})
