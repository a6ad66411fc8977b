import { createFlowNode, nextNodeId } from '../../flow/createFlowNode'
import type { FlowData, FlowEdge, FlowNode } from '../../flow/flowData'
import { rewriteReferences } from '../../flow/handles'
import type { FlowChange, OptimizerContext, OptimizerPass } from '../types'
import { numericInput } from './nodeInputs'

const ROUTER = 'liteLLMRouter'

/** The proxy model a chat model node calls, when it calls the plugin's LiteLLM proxy. */
const proxyModelOf = (node: FlowNode, proxyUrl: string | undefined): string | undefined => {
    const inputs = node.data.inputs ?? {}
    const model = typeof inputs.modelName === 'string' ? inputs.modelName : undefined
    if (!model || !proxyUrl) return undefined
    const base = String(inputs.basepath ?? inputs.basePath ?? '').replace(/\/+$/, '')
    return base === proxyUrl.replace(/\/+$/, '') || base === `${proxyUrl.replace(/\/+$/, '')}/v1` ? model : undefined
}

const strategyFor = (context: OptimizerContext) =>
    context.constraints.maxCostUsd !== undefined
        ? 'cost-based'
        : context.constraints.maxLatencyMs !== undefined
          ? 'latency-based'
          : 'quality-first'

/**
 * Under a cost, latency or quality limit, replaces each chat model node that calls the LiteLLM
 * proxy with the LiteLLM Router node: its model stays the preferred one, the proxy's other
 * models (those with a quality score meeting the floor) become candidates, and the limits
 * become the router's per-request constraints, so each request goes to the cheapest (or fastest)
 * model that meets them. Edges, references, temperature, max tokens, streaming and the cache
 * input move to the new node. Models that do not call the proxy are left alone.
 */
export const routeThroughRouter: OptimizerPass = {
    name: 'route-through-router',
    description: 'Under cost/latency/quality limits, replace chat models that call the LiteLLM proxy with the LiteLLM Router node.',
    run: (flow, context) => {
        const { constraints, models, proxyUrl } = context
        const routerDefinition = context.definitions(ROUTER)
        const limited =
            constraints.maxCostUsd !== undefined || constraints.maxLatencyMs !== undefined || constraints.minQuality !== undefined
        if (!limited || !routerDefinition || !models) return { flow, changes: [], findings: [] }
        const replacements = new Map<string, FlowNode>()
        const changes: FlowChange[] = []
        const taken = new Set(flow.nodes.map((n) => n.id))
        for (const node of flow.nodes) {
            if (node.data.name === ROUTER || !context.definitions(node.data.name)?.capabilities.includes('chat-model')) continue
            const model = proxyModelOf(node, proxyUrl)
            if (!model || !models.some((m) => m.name === model)) continue
            const floor = constraints.minQuality
            const candidates = models
                .filter((m) => m.name === model || (m.quality.general !== undefined && (floor === undefined || m.quality.general >= floor)))
                .map((m) => m.name)
            const id = nextNodeId(ROUTER, taken)
            taken.add(id)
            const inputs = node.data.inputs ?? {}
            const router = createFlowNode(routerDefinition, id, node.position ?? { x: 0, y: 0 }, {
                candidateModels: JSON.stringify(candidates),
                preferredModels: JSON.stringify(constraints.preferredModels ?? [model]),
                strategy: strategyFor(context),
                ...(constraints.maxCostUsd !== undefined ? { maxCostPerRequest: constraints.maxCostUsd } : {}),
                ...(constraints.maxLatencyMs !== undefined ? { maxLatencyMs: constraints.maxLatencyMs } : {}),
                ...(floor !== undefined ? { minQuality: floor } : {}),
                ...(numericInput(inputs.temperature) !== undefined ? { temperature: numericInput(inputs.temperature) } : {}),
                ...(numericInput(inputs.maxTokens) !== undefined ? { maxTokens: numericInput(inputs.maxTokens) } : {}),
                ...(inputs.streaming !== undefined ? { streaming: inputs.streaming } : {}),
                ...(inputs.cache ? { cache: inputs.cache } : {})
            })
            replacements.set(node.id, router)
            changes.push({
                pass: 'route-through-router',
                nodeIds: [node.id, id],
                before: { node: node.data.name, model },
                after: { node: ROUTER, candidates, preferred: constraints.preferredModels ?? [model] },
                reason: `${node.id} calls ${model} through the LiteLLM proxy but cannot enforce the limits per request; ${id} can`
            })
        }
        if (replacements.size === 0) return { flow, changes, findings: [] }
        const moved = (id: string) => replacements.get(id)?.id ?? id
        const newIds = new Map([...replacements].map(([from, to]) => [from, to.id]))
        const nodes: FlowNode[] = flow.nodes.map((node) => {
            const replacement = replacements.get(node.id)
            if (replacement) return replacement
            if (!node.data.inputs) return node
            return {
                ...node,
                data: {
                    ...node.data,
                    inputs: Object.fromEntries(Object.entries(node.data.inputs).map(([k, v]) => [k, rewriteReferences(v, newIds)]))
                }
            }
        })
        const edges: FlowEdge[] = flow.edges.map((edge) => {
            const source = replacements.get(edge.source)
            const target = replacements.get(edge.target)
            if (!source && !target) return edge
            const sourceHandle = source ? (source.data.outputAnchors as { id: string }[])[0].id : edge.sourceHandle
            const targetHandle = target ? `${target.id}${edge.targetHandle.slice(edge.target.length)}` : edge.targetHandle
            const [from, to] = [moved(edge.source), moved(edge.target)]
            return { ...edge, source: from, target: to, sourceHandle, targetHandle, id: `${from}-${sourceHandle}-${to}-${targetHandle}` }
        })
        return { flow: { ...flow, nodes, edges } as FlowData, changes, findings: [] }
    }
}
