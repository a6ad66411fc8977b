import type { CapabilityCatalog } from '../capabilities/CapabilityCatalog'
import type { FlowData } from '../flow/flowData'
import { estimateCostUsd, selectModel } from '../router/selectModel'
import type { ModelProfile } from '../router/types'
import { parseRouterSettings } from '../router/settingsSchema'
import { numericInput } from './passes/nodeInputs'

/** The request size estimates assume (tokens): a short prompt and the router's default answer budget. */
export const ESTIMATE_REQUEST = { inputTokens: 500, outputTokens: 256 } as const

/** One model node's share of a request. */
export interface ModelEstimate {
    readonly nodeId: string
    /** The proxy model it is expected to use. */
    readonly model?: string
    /** USD per call, when known. */
    readonly costUsd?: number
    /** ms per call, when known. */
    readonly latencyMs?: number
    /** What the figures are based on, or why there are none. */
    readonly basis: string
}

/** Estimated cost and latency of one request through a flow, with what each figure rests on. */
export interface FlowEstimate {
    /** USD per request: the sum over model nodes, when every one is known. */
    readonly costUsd?: number
    /** ms per request: the sum over model nodes (Flowise runs them one after another), when every one is known. */
    readonly latencyMs?: number
    readonly models: readonly ModelEstimate[]
    readonly assumptions: string
}

export interface EstimateSources {
    /** The LiteLLM proxy's models (prices from its `/model/info`), or undefined when the proxy could not be asked. */
    readonly profiles?: readonly ModelProfile[]
    /** Median latency (ms) the router observed for a model. */
    readonly observedLatencyMs: (model: string) => number | undefined
}

const estimateNode = (node: FlowData['nodes'][number], sources: EstimateSources): ModelEstimate | undefined => {
    const inputs = node.data.inputs ?? {}
    const byName = new Map((sources.profiles ?? []).map((p) => [p.name, p]))
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

/**
 * Estimates a request's cost and latency from the flow's chat models: each is assumed to be
 * called once per request with {@link ESTIMATE_REQUEST} tokens. A figure is given only when
 * every model's is known; cache hits are not counted (they depend on traffic).
 */
export const estimateFlow = (flow: FlowData, chatModelNames: ReadonlySet<string>, sources: EstimateSources): FlowEstimate => {
    const models = flow.nodes.filter((n) => chatModelNames.has(n.data.name)).map((n) => estimateNode(n, sources)!)
    const sum = (pick: (m: ModelEstimate) => number | undefined) =>
        models.length > 0 && models.every((m) => pick(m) !== undefined) ? models.reduce((total, m) => total + pick(m)!, 0) : undefined
    return {
        costUsd: sum((m) => m.costUsd),
        latencyMs: sum((m) => m.latencyMs),
        models,
        assumptions: `each chat model called once per request with ${ESTIMATE_REQUEST.inputTokens} input tokens and its max tokens (default ${ESTIMATE_REQUEST.outputTokens}) out; cache hits not counted`
    }
}

/** An estimator for {@link optimizeFlow}: chat models are the catalog's nodes with the `chat-model` capability. */
export const flowEstimator = (catalog: CapabilityCatalog, sources: EstimateSources) => {
    const chatModels = new Set(catalog.query({ capability: 'chat-model' }).map((e) => e.name))
    return (flow: FlowData) => estimateFlow(flow, chatModels, sources)
}
