import type { CapabilityCatalog } from '../capabilities/CapabilityCatalog'
import type { FlowData, FlowNode } from '../flow/flowData'
import { adjacency, endingNodesOf, reachable } from '../flow/flowGraph'
import { flowTypeOf } from '../flow/flowType'
import { agentflowModelEstimates } from './estimateAgentflowV2'
import { estimateCostUsd, selectModel } from '../router/selectModel'
import type { ModelProfile } from '../router/types'
import { parseRouterSettings } from '../router/settingsSchema'
import { numericInput } from './passes/nodeInputs'

/** The request size estimates assume (tokens): a short prompt and the router's default answer budget. */
export const ESTIMATE_REQUEST = { inputTokens: 500, outputTokens: 256 } as const

/** How many times something happens per request: at least, usually, at most (undefined: no bound known). */
export interface CallRange {
    readonly min: number
    readonly typical: number
    readonly max?: number
}

/** One model node's share of a request. */
export interface ModelEstimate {
    readonly nodeId: string
    /** The proxy model it is expected to use. */
    readonly model?: string
    /** USD per call, when known. */
    readonly costUsd?: number
    /** ms per call, when known. */
    readonly latencyMs?: number
    /** Calls per request, from what consumes the model (a chain calls it once, an agent in a loop). */
    readonly calls: CallRange
    /** What the figures are based on, or why there are none. */
    readonly basis: string
}

/** Estimated cost and latency of one request through a flow, with what each figure rests on. */
export interface FlowEstimate {
    /** USD per request at the typical number of calls: the sum over model nodes, when every one is known. */
    readonly costUsd?: number
    /** USD per request at the fewest and the most calls (max undefined when an agent has no bound). */
    readonly costRangeUsd?: { readonly min: number; readonly max?: number }
    /** ms per request at the typical number of calls (Flowise runs models one after another), when every one is known. */
    readonly latencyMs?: number
    /** Provider calls per request, over all models Flowise runs for a prediction. */
    readonly calls: CallRange
    /** Only models that a prediction runs: those feeding an ending node (a dead branch costs nothing). */
    readonly models: readonly ModelEstimate[]
    readonly assumptions: string
}

/** LangChain's AgentExecutor stops after this many steps unless the node sets `maxIterations`. */
const AGENT_MAX_ITERATIONS = 15
/** LangGraph's default recursion limit (Flowise's multi-agent and sequential agent flows). */
const GRAPH_RECURSION_LIMIT = 100

const inputNumber = (node: FlowNode, name: string) => numericInput(node.data.inputs?.[name])

/** Calls one consumer makes to a model it is given, per request. */
const callsBy = (consumer: FlowNode, flow: FlowData): CallRange => {
    const category = consumer.data.category ?? ''
    const name = consumer.data.name
    if (category === 'Agents') return { min: 1, typical: 2, max: inputNumber(consumer, 'maxIterations') ?? AGENT_MAX_ITERATIONS }
    if (category === 'Multi Agents') {
        const workers = flow.nodes.filter((n) => n.data.category === 'Multi Agents' && n.id !== consumer.id).length
        const limit = inputNumber(consumer, 'recursionLimit') ?? GRAPH_RECURSION_LIMIT
        // A supervisor is asked again after every worker's turn; a worker runs when picked, with its tools in a loop.
        return name === 'supervisor' ? { min: 1, typical: workers + 1, max: limit } : { min: 0, typical: 2, max: limit }
    }
    if (category === 'Sequential Agents') return { min: 0, typical: 1, max: GRAPH_RECURSION_LIMIT }
    // The retrieval QA chain first rewrites the question against the history (from the second message on).
    if (name === 'conversationalRetrievalQAChain') return { min: 1, typical: 2, max: 2 }
    if (name === 'multiPromptChain' || name === 'multiRetrievalQAChain') return { min: 2, typical: 2, max: 2 }
    if (category === 'Chains' || category === 'Engine') return { min: 1, typical: 1, max: 1 }
    return { min: 0, typical: 1 }
}

const addRanges = (ranges: readonly CallRange[]): CallRange => ({
    min: ranges.reduce((t, r) => t + r.min, 0),
    typical: ranges.reduce((t, r) => t + r.typical, 0),
    max: ranges.every((r) => r.max !== undefined) ? ranges.reduce((t, r) => t + r.max!, 0) : undefined
})

export interface EstimateSources {
    /** The LiteLLM proxy's models (prices from its `/model/info`), or undefined when the proxy could not be asked. */
    readonly profiles?: readonly ModelProfile[]
    /** Median latency (ms) the router observed for a model. */
    readonly observedLatencyMs: (model: string) => number | undefined
}

type PerCall = Omit<ModelEstimate, 'calls'>

const estimateNode = (node: FlowNode, sources: EstimateSources, byName: ReadonlyMap<string, ModelProfile>): PerCall => {
    const inputs = node.data.inputs ?? {}
    const latencyOf = (p: ModelProfile) => sources.observedLatencyMs(p.name) ?? p.priorLatencyMs
    const latencyBasis = (p: ModelProfile) =>
        sources.observedLatencyMs(p.name) !== undefined
            ? 'latency observed by the router'
            : p.priorLatencyMs !== undefined
              ? 'latency prior from the config'
              : 'no latency data'
    if (node.data.name === 'liteLLMRouter') {
        if (!sources.profiles) return { nodeId: node.id, basis: 'LiteLLM proxy unreachable: no prices' }
        let settings
        try {
            settings = parseRouterSettings(inputs)
        } catch (error) {
            return { nodeId: node.id, basis: (error as Error).message }
        }
        const candidates = settings.candidateModels.map((name) => byName.get(name)).filter((p): p is ModelProfile => p !== undefined)
        const decision = selectModel(
            candidates,
            {
                ...ESTIMATE_REQUEST,
                outputTokens: settings.maxTokens ?? settings.defaultOutputTokens,
                required: settings.requiredCapabilities,
                category: settings.taskCategory,
                minQuality: settings.minQuality,
                maxCostUsd: settings.maxCostPerRequest,
                maxLatencyMs: settings.maxLatencyMs,
                preferred: settings.preferredModels,
                strategy: settings.strategy
            },
            latencyOf
        )
        const chosen = decision.ranked[0]
        if (!chosen) return { nodeId: node.id, basis: 'no candidate model satisfies the node’s constraints' }
        return {
            nodeId: node.id,
            model: chosen.model.name,
            costUsd: chosen.costUsd,
            latencyMs: chosen.latencyMs,
            basis: `router's choice (${decision.strategy}) with /model/info prices; ${latencyBasis(chosen.model)}`
        }
    }
    const modelName = typeof inputs.modelName === 'string' ? inputs.modelName : undefined
    const profile = modelName ? byName.get(modelName) : undefined
    if (!profile)
        return {
            nodeId: node.id,
            model: modelName,
            basis: modelName ? `no price for ${modelName} in the proxy's /model/info` : 'no model name'
        }
    const outputTokens = numericInput(inputs.maxTokens) ?? ESTIMATE_REQUEST.outputTokens
    return {
        nodeId: node.id,
        model: profile.name,
        costUsd: estimateCostUsd(profile, ESTIMATE_REQUEST.inputTokens, outputTokens),
        latencyMs: latencyOf(profile),
        basis: `/model/info prices of ${profile.name}; ${latencyBasis(profile)}`
    }
}

/** The chat models of a chatflow a prediction runs (they feed an ending node), each called as its consumers call it. */
const chatflowModelEstimates = (
    flow: FlowData,
    chatModelNames: ReadonlySet<string>,
    sources: EstimateSources,
    byName: ReadonlyMap<string, ModelProfile>
): ModelEstimate[] => {
    const run = reachable(
        endingNodesOf(flow).map((n) => n.id),
        adjacency(flow, 'backward')
    )
    const consumers = adjacency(flow, 'forward')
    const nodes = new Map(flow.nodes.map((n) => [n.id, n]))
    return flow.nodes
        .filter((n) => chatModelNames.has(n.data.name) && run.has(n.id))
        .map((n) => {
            const using = [...new Set(consumers.get(n.id) ?? [])]
                .map((id) => nodes.get(id))
                .filter((c): c is FlowNode => !!c && run.has(c.id))
            return { ...estimateNode(n, sources, byName), calls: addRanges(using.map((c) => callsBy(c, flow))) }
        })
}

/**
 * Estimates a request's cost and latency from the chat models a prediction runs (those feeding an
 * ending node), each called as often as what consumes it calls it ({@link CallRange}: a chain
 * once, an agent in a loop), with {@link ESTIMATE_REQUEST} tokens per call. A figure is given
 * only when every model's is known; cache hits are not counted (they depend on traffic).
 */
export const estimateFlow = (flow: FlowData, chatModelNames: ReadonlySet<string>, sources: EstimateSources): FlowEstimate => {
    const byName = new Map((sources.profiles ?? []).map((p) => [p.name, p]))
    const models: ModelEstimate[] =
        flowTypeOf(flow) === 'AGENTFLOW'
            ? agentflowModelEstimates(flow, (model) => estimateNode(model, sources, byName))
            : chatflowModelEstimates(flow, chatModelNames, sources, byName)
    const known = (pick: (m: ModelEstimate) => number | undefined) => models.length > 0 && models.every((m) => pick(m) !== undefined)
    const total = (pick: (m: ModelEstimate) => number | undefined, times: (m: ModelEstimate) => number) =>
        models.reduce((sum, m) => sum + pick(m)! * times(m), 0)
    const maxKnown = models.every((m) => m.calls.max !== undefined)
    return {
        costUsd: known((m) => m.costUsd)
            ? total(
                  (m) => m.costUsd,
                  (m) => m.calls.typical
              )
            : undefined,
        costRangeUsd: known((m) => m.costUsd)
            ? {
                  min: total(
                      (m) => m.costUsd,
                      (m) => m.calls.min
                  ),
                  max: maxKnown
                      ? total(
                            (m) => m.costUsd,
                            (m) => m.calls.max!
                        )
                      : undefined
              }
            : undefined,
        latencyMs: known((m) => m.latencyMs)
            ? total(
                  (m) => m.latencyMs,
                  (m) => m.calls.typical
              )
            : undefined,
        calls: addRanges(models.map((m) => m.calls)),
        models,
        assumptions: `only the chat models a prediction runs; each called as its consumer calls it (a chain once, an agent 1 to ${AGENT_MAX_ITERATIONS} times unless maxIterations says otherwise, typically 2; multi-agent flows up to their recursion limit) with ${ESTIMATE_REQUEST.inputTokens} input tokens and its max tokens (default ${ESTIMATE_REQUEST.outputTokens}) out per call; cache hits not counted`
    }
}

/** An estimator for {@link optimizeFlow}: chat models are the catalog's nodes with the `chat-model` capability. */
export const flowEstimator = (catalog: CapabilityCatalog, sources: EstimateSources) => {
    const chatModels = new Set(catalog.query({ capability: 'chat-model' }).map((e) => e.name))
    return (flow: FlowData) => estimateFlow(flow, chatModels, sources)
}
