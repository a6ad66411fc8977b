import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData, type FlowData } from '../../../plugin/flow/flowData'
import { validateFlow } from '../../../plugin/flow/validateFlow'
import { orchestrate, UnsatisfiableRequestError } from '../../../plugin/orchestrator/orchestrate'
import type { RequestedCapability } from '../../../plugin/orchestrator/spec'
import { realCatalog } from '../../support/catalog'
import { orchestrateRequest, orchestratorDeps } from '../../support/orchestrator'

const DIMENSIONS = ['memory', 'retrieval', 'calculator', 'structured-output', 'vision', 'streaming'] as const

/** Every combination of the spec's dimensions (2^6), for both flow types. */
const grid = (): { type: 'chatflow' | 'agentflow'; capabilities: RequestedCapability[] }[] =>
    (['chatflow', 'agentflow'] as const).flatMap((type) =>
        Array.from({ length: 2 ** DIMENSIONS.length }, (_, mask) => ({
            type,
            capabilities: DIMENSIONS.filter((_, i) => mask & (2 ** i))
        }))
    )

/** The model settings every chat model of the flow runs with (router nodes, or Agentflow v2 model configs). */
const modelSettings = (flow: FlowData): Record<string, unknown>[] =>
    flow.nodes.flatMap((n) => {
        if (n.data.name === 'liteLLMRouter') return [n.data.inputs ?? {}]
        return Object.entries(n.data.inputs ?? {})
            .filter(([key, value]) => key.endsWith('ModelConfig') && value && typeof value === 'object')
            .map(([, value]) => value as Record<string, unknown>)
    })

const names = (flow: FlowData) => new Set(flow.nodes.map((n) => n.data.name))
const inputsOf = (flow: FlowData) => flow.nodes.map((n) => n.data.inputs ?? {})

/** Where each dimension shows in a flow of each type. */
const shows: Record<(typeof DIMENSIONS)[number], (flow: FlowData, type: string) => boolean> = {
    memory: (flow, type) =>
        type === 'chatflow'
            ? names(flow).has('bufferMemory')
            : inputsOf(flow).some((i) => i.llmEnableMemory === true || i.agentEnableMemory === true),
    // Agentflow v2 retrieval reads a document store the user names: without one, the answer asks (checked below).
    retrieval: (flow) => names(flow).has('memoryVectorStore'),
    calculator: (flow, type) =>
        type === 'chatflow'
            ? names(flow).has('calculator')
            : inputsOf(flow).some((i) => JSON.stringify(i.agentTools ?? []).includes('"calculator"')),
    'structured-output': (flow, type) =>
        type === 'chatflow'
            ? names(flow).has('structuredOutputParser')
            : inputsOf(flow).some((i) => {
                  const fields = i.llmStructuredOutput ?? i.agentStructuredOutput
                  return Array.isArray(fields) && fields.length > 0
              }),
    vision: (flow) => modelSettings(flow).every((s) => s.allowImageUploads === true),
    streaming: (flow) => modelSettings(flow).every((s) => s.streaming === true)
}

/**
 * What the stock catalog cannot build as a chatflow: Flowise's only chain with an output parser
 * (LLM Chain) takes no memory, no retriever and no tools.
 */
const chatflowCannot = (capabilities: readonly string[]) =>
    capabilities.includes('structured-output') && ['memory', 'retrieval', 'calculator'].some((c) => capabilities.includes(c))

describe('orchestrator coverage grid: memory × retrieval × tools × structured output × vision × streaming × chatflow/agentflow', () => {
    let catalog: CapabilityCatalog
    before(async () => {
        catalog = await realCatalog()
    })

    for (const { type, capabilities } of grid()) {
        const label = `${type}: ${capabilities.join(' + ') || 'plain chat'}`
        it(label, async () => {
            const request = orchestrateRequest('a flow', {
                type,
                constraints: { securityLevel: 'internal', capabilities },
                material: { sourceText: 'Orquesta routes requests.' }
            })
            if (type === 'chatflow' && chatflowCannot(capabilities)) {
                await assert.rejects(orchestrate(request, orchestratorDeps(catalog)), (error: unknown) => {
                    assert.ok(error instanceof UnsatisfiableRequestError, String(error))
                    assert.ok(error.missing.length > 0)
                    assert.match(error.explanation, /memory|retriev|tool|output parser|structured/i)
                    return true
                })
                return
            }
            const answer = await orchestrate(request, orchestratorDeps(catalog))
            const flow = parseFlowData(answer.flow.flowData)
            assert.equal(answer.flow.type, type === 'chatflow' ? 'CHATFLOW' : 'AGENTFLOW')
            const validation = validateFlow(flow, (name) => catalog.get(name))
            assert.ok(validation.valid, JSON.stringify(validation.issues))
            assert.ok(answer.metadata.validation.valid)
            assert.deepEqual(
                validation.issues.filter((i) => i.severity === 'error'),
                []
            )
            assert.ok(modelSettings(flow).length > 0, 'every flow has a chat model')
            for (const setting of modelSettings(flow)) assert.ok(JSON.parse(String(setting.candidateModels)).length > 0)
            for (const dimension of DIMENSIONS) {
                if (dimension === 'retrieval' && type === 'agentflow') continue
                // Flowise's Tool Agent always takes a memory.
                const expected =
                    capabilities.includes(dimension) ||
                    (dimension === 'memory' && type === 'chatflow' && capabilities.includes('calculator'))
                assert.equal(shows[dimension](flow, type), expected, `${dimension} in ${label}`)
            }
            if (type === 'agentflow' && capabilities.includes('retrieval'))
                assert.ok(
                    answer.questions.some((q) => /document store/i.test(q)),
                    'agentflow retrieval asks for a document store'
                )
        })
    }

    it('with type "auto", a combination no chatflow can meet is built as an agentflow, and says so', async () => {
        const answer = await orchestrate(
            orchestrateRequest('a flow', { constraints: { securityLevel: 'internal', capabilities: ['memory', 'structured-output'] } }),
            orchestratorDeps(catalog)
        )
        assert.equal(answer.flow.type, 'AGENTFLOW')
        assert.match(answer.explanation, /chatflow cannot be built/)
    })
})
