import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { FlowNode } from '../../plugin/flow/flowData'
import type { ValidationReport } from '../../plugin/flow/validateFlow'
import { canvasAcceptsConnection } from '../support/canvas'
import { realCatalog } from '../support/catalog'
import { flowNode, type NodeDefinition, type TestFlowise, startTestFlowise } from '../support/flowise'
import { routerChain, toolAgentWith } from '../support/flows'
import { startTestStack, upstream, type TestStack } from '../support/stack'

const TOOL_NODES = ['flowOptimizer', 'evaluationTrigger'] as const

let stack: TestStack
let flowise: TestFlowise
let served: NodeDefinition[]

const definition = (name: string) => {
    const found = served.find((d) => d.name === name)
    assert.ok(found, `Flowise serves ${name}`)
    return found
}

/** The output handle of a dropped node and the input handle of `input` on another, as the canvas builds them. */
const handles = (source: FlowNode, target: FlowNode, input: string) => {
    const sourceHandle = (source.data.outputAnchors as { id: string }[])[0].id
    const targetHandle = (target.data.inputAnchors as { id: string; name: string }[]).find((a) => a.name === input)!.id
    return { source: source.id, sourceHandle, target: target.id, targetHandle }
}

describe("Orquesta's tool nodes connect to every agent that takes tools (issue 13 §1)", { timeout: 300_000 }, () => {
    before(async () => {
        stack = await startTestStack()
        flowise = await startTestFlowise({ LITELLM_PROXY_URL: stack.litellm.url, LITELLM_MASTER_KEY: stack.masterKey })
        served = await flowise.client.request<NodeDefinition[]>('GET', '/nodes')
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
    })
    beforeEach(() => stack.provider.reset())

    it('the canvas accepts an edge from each tool node to the Tools input of every agent Flowise serves, as it does for Custom Tool', () => {
        const agents = served.filter((d) => d.category === 'Agents' && d.inputs?.some((i) => i.name === 'tools' && i.type === 'Tool'))
        const names = agents.map((a) => a.name)
        for (const expected of ['toolAgent', 'conversationalAgent', 'openAIAssistant', 'xmlAgent'])
            assert.ok(names.includes(expected), `${expected} takes tools (${names.join(', ')})`)
        for (const tool of [...TOOL_NODES, 'customTool', 'calculator']) {
            const source = flowNode(definition(tool), `${tool}_0`, {})
            for (const agent of agents) {
                const target = flowNode(agent, `${agent.name}_0`, {})
                const connection = handles(source, target, 'tools')
                assert.ok(
                    canvasAcceptsConnection(connection, [source, target], []),
                    `${tool} → ${agent.name}.tools: ${connection.sourceHandle}`
                )
            }
        }
        // The same rule refuses what the canvas refuses: a chat model on Tools, and the tool nodes' former base classes.
        const toolAgent = flowNode(definition('toolAgent'), 'toolAgent_0', {})
        const model = flowNode(definition('liteLLMRouter'), 'liteLLMRouter_0', {})
        assert.equal(canvasAcceptsConnection(handles(model, toolAgent, 'tools'), [model, toolAgent], []), false)
        for (const tool of TOOL_NODES) {
            const before = { ...definition(tool), baseClasses: definition(tool).baseClasses.filter((c) => c !== 'Tool') }
            const source = flowNode(before, `${tool}_0`, {})
            assert.equal(canvasAcceptsConnection(handles(source, toolAgent, 'tools'), [source, toolAgent], []), false, tool)
        }
    })

    it("Agentflow v2's Agent lists both tool nodes among its tools", async () => {
        const tools = await flowise.client.request<{ name: string }[]>('POST', '/node-load-method/agentAgentflow', {
            loadMethod: 'listTools',
            inputs: {}
        })
        for (const tool of TOOL_NODES)
            assert.ok(
                tools.some((t) => t.name === tool),
                tool
            )
    })

    it("the plugin's /validate accepts a hand-made edge from each tool node to a Tool Agent", async () => {
        for (const tool of TOOL_NODES) {
            const flow = toolAgentWith(await realCatalog(), tool, {}).build()
            const report = await flowise.client.request<ValidationReport>('POST', '/orquesta/validate', { flowData: flow })
            assert.deepEqual(
                report.issues.filter((i) => i.severity === 'error'),
                [],
                tool
            )
        }
    })

    it('a Tool Agent in a real Flowise calls each tool node and answers with what it returned', async () => {
        const target = JSON.stringify(routerChain(await realCatalog()).build())
        const calls: Record<string, string> = {
            flow_optimizer: JSON.stringify({ flowData: target }),
            // A model the node does not allow: the tool answers with its refusal, and starts nothing.
            evaluation_trigger: JSON.stringify({ models: ['premium'] })
        }
        stack.provider.script(upstream('budget'), {
            reply: (body) => {
                const last = body.messages[body.messages.length - 1]
                if (last.role === 'tool') return { content: `Tool said: ${String(last.content).slice(0, 200)}` }
                const name = (body.tools as { function: { name: string } }[])[0].function.name
                return { toolCalls: [{ name, arguments: calls[name] }] }
            }
        })
        const expected: Record<string, RegExp> = {
            flowOptimizer: /^Tool said: \{"changes":\[/,
            evaluationTrigger: /^Tool said: Error: this Evaluation Trigger may evaluate only budget; premium/
        }
        for (const tool of TOOL_NODES) {
            const flow = toolAgentWith(await realCatalog(), tool, tool === 'evaluationTrigger' ? { models: '["budget"]' } : {}).build()
            const id = await flowise.client.createChatflow(`agent with ${tool}`, flow.nodes, flow.edges)
            const answer = await flowise.client.predict(id, `use the ${tool}`)
            assert.match(answer.text, expected[tool])
            // The agent's own tool first; then the router's decisions (see routingDisclosure).
            assert.deepEqual(
                (answer.usedTools as { tool: string }[]).map((t) => t.tool),
                [tool === 'flowOptimizer' ? 'flow_optimizer' : 'evaluation_trigger', 'LiteLLM Router → budget', 'LiteLLM Router → budget']
            )
        }
    })

    it("the Evaluation Trigger's Models input lists the proxy's models as the router's does", async () => {
        const load = (node: string) =>
            flowise.client.request<{ name: string; description: string }[]>('POST', `/node-load-method/${node}`, {
                loadMethod: 'listModels',
                inputs: {}
            })
        const [trigger, router] = await Promise.all([load('evaluationTrigger'), load('liteLLMRouter')])
        assert.deepEqual(
            trigger.map((o) => o.name),
            ['budget', 'premium', 'standard']
        )
        assert.deepEqual(trigger, router)
        assert.match(trigger.find((o) => o.name === 'premium')!.description, /in \$10\.00 \/ out \$30\.00 per 1M tokens · tools, vision/)
    })
})
