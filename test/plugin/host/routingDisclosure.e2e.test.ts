import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { DecisionSummary } from '../../../plugin/router/decisionSummary'
import { roundUsd } from '../../../plugin/format/roundForPeople'
import { agentflowEdge, agentflowNode } from '../../support/agentflows'
import { realCatalog } from '../../support/catalog'
import { type TestFlowise, startTestFlowise } from '../../support/flowise'
import { FlowBuilder, routerChain } from '../../support/flows'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

let stack: TestStack
let flowise: TestFlowise

interface UsedTool {
    tool: string
    toolInput: Record<string, unknown>
    toolOutput: string
}

interface Disclosed {
    text: string
    chatId: string
    chatMessageId: string
    usedTools?: UsedTool[]
    orquesta?: { decisions: (DecisionSummary & { nodeId?: string })[] }
}

const chain = async (name: string, routerInputs: Record<string, unknown>) => {
    const flow = routerChain(await realCatalog(), routerInputs).build()
    return flowise.client.createChatflow(name, flow.nodes, flow.edges)
}

describe('The routing decision in prediction answers and the chat history (issue 13 §4)', { timeout: 300_000 }, () => {
    before(async () => {
        stack = await startTestStack()
        flowise = await startTestFlowise({ LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey })
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
    })
    beforeEach(() => stack.provider.reset())

    it('a chatflow answer carries the decision: model, why, cost, tokens, fallbacks; the stored message shows it as a used tool', async () => {
        stack.provider.script(upstream('budget'), { failWith: { status: 503 } })
        stack.provider.script(upstream('standard'), { reply: 'routed answer', usage: { prompt_tokens: 40, completion_tokens: 2 } })
        const id = await chain('disclosed chain', {
            candidateModels: '["budget","standard","premium"]',
            strategy: 'cost-based',
            maxCostPerRequest: 0.005,
            minQuality: 0.5,
            streaming: false
        })
        const answer = (await flowise.client.predict(id, 'which model?')) as unknown as Disclosed
        assert.equal(answer.text, 'routed answer')
        const [decision] = answer.orquesta!.decisions
        assert.equal(answer.orquesta!.decisions.length, 1)
        assert.equal(decision.nodeId, 'liteLLMRouter_0')
        assert.equal(decision.model, 'standard')
        assert.equal(decision.strategy, 'cost-based')
        assert.deepEqual(decision.limits, { maxCostUsd: 0.005, minQuality: 0.5, required: [] })
        assert.deepEqual(decision.tokens, { input: 40, output: 2 })
        assert.equal(decision.costUsd, roundUsd(40 * 1e-6 + 2 * 2e-6))
        assert.deepEqual(
            decision.fallbacks.map((f) => f.model),
            ['budget']
        )
        assert.deepEqual(decision.excluded, [{ model: 'premium', reason: 'over-cost' }])
        assert.match(
            decision.text,
            /^standard \(cost-based; max cost \$0\.005; min quality 0\.5\) · 40 in \/ 2 out tokens · \$0\.000044 · \d+(\.\d)? ms · after budget \(503[^)]*\) failed · excluded premium: over-cost$/
        )
        const chip = answer.usedTools!.find((t) => t.tool === 'LiteLLM Router → standard')
        assert.ok(chip, JSON.stringify(answer.usedTools))
        assert.equal(chip.toolOutput, decision.text)

        // Flowise's chat message API answers with the stored used tools parsed.
        const stored = await flowise.client.request<{ id: string; usedTools?: UsedTool[] }[]>('GET', `/chatmessage/${id}`)
        assert.deepEqual(
            stored.find((m) => m.id === answer.chatMessageId)?.usedTools?.map((t) => t.tool),
            ['LiteLLM Router → standard']
        )
    })

    it('a streaming answer sends the decision as a usedTools event before its metadata, and stores it', async () => {
        const id = await chain('disclosed stream', { candidateModels: '["budget"]', streaming: true })
        const events = await flowise.client.predictStream(id, 'stream it')
        const usedTools = events.findIndex((e) => e.event === 'usedTools')
        const metadata = events.findIndex((e) => e.event === 'metadata')
        assert.ok(usedTools >= 0 && usedTools < metadata, events.map((e) => e.event).join(','))
        assert.deepEqual(
            (events[usedTools].data as UsedTool[]).map((t) => t.tool),
            ['LiteLLM Router → budget']
        )
        const { chatMessageId } = events[metadata].data as { chatMessageId: string }
        const stored = await flowise.client.request<{ id: string; usedTools?: UsedTool[] }[]>('GET', `/chatmessage/${id}`)
        assert.deepEqual(
            stored.find((m) => m.id === chatMessageId)?.usedTools?.map((t) => t.tool),
            ['LiteLLM Router → budget']
        )
    })

    it('an agent keeps its own used tools, followed by the decisions of its model calls', async () => {
        stack.provider.script(upstream('budget'), {
            reply: (body) =>
                body.messages[body.messages.length - 1].role === 'tool'
                    ? { content: 'it is 4' }
                    : { toolCalls: [{ name: 'calculator', arguments: JSON.stringify({ input: '2 + 2' }) }] }
        })
        const flow = new FlowBuilder(await realCatalog())
            .add('calculator', 'calculator_0')
            .add('liteLLMRouter', 'liteLLMRouter_0', { candidateModels: '["budget"]', streaming: false })
            .add('bufferMemory', 'bufferMemory_0')
            .add('toolAgent', 'toolAgent_0')
            .connect('calculator_0', 'toolAgent_0', 'tools')
            .connect('liteLLMRouter_0', 'toolAgent_0', 'model')
            .connect('bufferMemory_0', 'toolAgent_0', 'memory')
            .build()
        const id = await flowise.client.createChatflow('disclosed agent', flow.nodes, flow.edges)
        const answer = (await flowise.client.predict(id, 'what is 2 + 2?')) as unknown as Disclosed
        assert.equal(answer.text, 'it is 4')
        assert.deepEqual(
            answer.usedTools!.map((t) => t.tool),
            ['calculator', 'LiteLLM Router → budget', 'LiteLLM Router → budget']
        )
    })

    it('an Agentflow v2 answer carries the decision of each step, beside its execution data', async () => {
        const [startDefinition, llmDefinition] = await Promise.all([
            flowise.client.node('startAgentflow'),
            flowise.client.node('llmAgentflow')
        ])
        const first = agentflowNode(startDefinition, 'startAgentflow_0', { startInputType: 'chatInput' })
        const llm = agentflowNode(llmDefinition, 'llmAgentflow_0', {
            llmModel: 'liteLLMRouter',
            llmModelConfig: {
                llmModel: 'liteLLMRouter',
                candidateModels: '["budget","premium"]',
                strategy: 'quality-first',
                streaming: false
            },
            llmMessages: [{ role: 'system', content: 'Be brief.' }]
        })
        const id = await flowise.client.createChatflow('disclosed agentflow', [first, llm], [agentflowEdge(first, llm)], 'AGENTFLOW')
        const answer = (await flowise.client.predict(id, 'hello')) as unknown as Disclosed
        assert.deepEqual(
            answer.orquesta!.decisions.map((d) => [d.nodeId, d.model, d.strategy]),
            [['llmAgentflow_0', 'premium', 'quality-first']]
        )
        assert.deepEqual(
            answer.usedTools!.map((t) => t.tool),
            ['LiteLLM Router → premium']
        )
    })

    it('each answer of a chat shows its own decisions only', async () => {
        const id = await chain('disclosed once', { candidateModels: '["budget"]', streaming: false })
        const first = (await flowise.client.predict(id, 'one', { chatId: 'same-chat' })) as unknown as Disclosed
        assert.equal(first.orquesta!.decisions.length, 1)
        const second = (await flowise.client.predict(id, 'two', { chatId: 'same-chat' })) as unknown as Disclosed
        assert.equal(second.orquesta!.decisions.length, 1)
        assert.equal(second.usedTools!.length, 1)
    })
})
