import type { CatalogEntry } from '../../capabilities/types'
import { createFlowNode, nodeIdAllocator } from '../../flow/createFlowNode'
import type { FlowData, FlowEdge, FlowNode } from '../../flow/flowData'
import { referencedNodes, rewriteReferences } from '../../flow/handles'
import { flowTypeOf } from '../../flow/flowType'
import type { FlowChange, OptimizerContext, OptimizerPass } from '../types'
import { isBlank, numericInput } from './nodeInputs'
import { routeAgentflowModels } from './routeAgentflowModels'
import { withoutTrailingSlashes } from '../../text/withoutTrailingSlashes'

const ROUTER = 'liteLLMRouter'

/**
 * A chat model's settings the router honours, by the router input that carries each (named like
 * Flowise's ChatOpenAI; its `timeout` bounds one call, which is the router's attempt timeout).
 */
const CARRIED: Readonly<Record<string, string>> = {
    temperature: 'temperature',
    maxTokens: 'maxTokens',
    topP: 'topP',
    streaming: 'streaming',
    frequencyPenalty: 'frequencyPenalty',
    presencePenalty: 'presencePenalty',
    stopSequence: 'stopSequence',
    allowImageUploads: 'allowImageUploads',
    timeout: 'attemptTimeoutMs',
    cache: 'cache'
}

/** Settings that matter only while another is on (ChatOpenAI shows them only then). */
const ONLY_WITH: Readonly<Record<string, string>> = {
    imageResolution: 'allowImageUploads',
    reasoningEffort: 'reasoning',
    reasoningSummary: 'reasoning'
}

/** Inputs that say where and what the node calls: routing replaces them by design. */
const REPLACED_BY_ROUTING = new Set(['modelName', 'basepath', 'basePath'])

/** The proxy model a chat model node calls, when it calls the plugin's LiteLLM proxy. */
const proxyModelOf = (node: FlowNode, proxyUrl: string | undefined): string | undefined => {
    const inputs = node.data.inputs ?? {}
    const model = typeof inputs.modelName === 'string' ? inputs.modelName : undefined
    if (!model || !proxyUrl) return undefined
    const base = withoutTrailingSlashes(String(inputs.basepath ?? inputs.basePath ?? ''))
    return base === withoutTrailingSlashes(proxyUrl) || base === `${withoutTrailingSlashes(proxyUrl)}/v1` ? model : undefined
}

const strategyFor = (context: OptimizerContext) =>
    context.constraints.maxCostUsd !== undefined
        ? 'cost-based'
        : context.constraints.maxLatencyMs !== undefined
          ? 'latency-based'
          : 'quality-first'

/** Whether a setting holds a value of its own (not blank, not the node's default, which the user never chose). */
const isSet = (definition: CatalogEntry, name: string, value: unknown) => {
    if (isBlank(value)) return false
    const param = definition.params.find((p) => p.name === name)
    return param?.default === undefined || String(param.default) !== String(value)
}

const isOn = (value: unknown) => value === true || value === 'true'

/**
 * The router inputs that keep a node's settings, or the settings the router could not keep. A
 * blank temperature is written as blank, so that the router's default 0.7 does not replace the
 * provider default the node had; other blank settings leave the router's own default.
 */
const carrySettings = (
    node: FlowNode,
    definition: CatalogEntry,
    router: CatalogEntry
): { inputs: Record<string, unknown>; lost: string[] } => {
    const inputs: Record<string, unknown> = {}
    const lost: string[] = []
    const routerInputs = new Set([...router.params.map((p) => p.name), ...router.anchors.map((a) => a.name)])
    for (const [name, value] of Object.entries(node.data.inputs ?? {})) {
        if (REPLACED_BY_ROUTING.has(name)) continue
        const target = CARRIED[name]
        // The router bounds an attempt to 100 ms – 10 min (its settings schema).
        const fits = name !== 'timeout' || isBlank(value) || ((numericInput(value) ?? 0) >= 100 && (numericInput(value) ?? 0) <= 600_000)
        if (target && routerInputs.has(target) && fits) {
            inputs[target] = value
            continue
        }
        const switchedBy = ONLY_WITH[name]
        if (switchedBy && !isOn(node.data.inputs?.[switchedBy])) continue
        // An input the node does not define is never read by Flowise (a leftover of an older version, say): nothing is lost.
        if (!switchedBy && !definition.params.some((p) => p.name === name)) continue
        if (isSet(definition, name, value)) lost.push(name)
    }
    if (isBlank(inputs.temperature)) inputs.temperature = ''
    for (const [name, value] of Object.entries(inputs)) if (isBlank(value) && name !== 'temperature') delete inputs[name]
    return { inputs, lost }
}

/** What routing one chat model (a node, or an Agentflow v2 step's model config) comes to. */
export type RoutingPlan =
    | { readonly finding: FlowChange }
    | {
          /** The proxy model it called, now the preferred one. */
          readonly model: string
          /** The router's inputs: every carried setting, candidates, preference, strategy and limits. */
          readonly inputs: Record<string, unknown>
          readonly summary: { candidates: string[]; preferred: readonly string[]; settings: Record<string, unknown> }
          /** What the router keeps, for the change's reason. */
          readonly keeps: string
      }

/**
 * How a chat model that calls the plugin's proxy is routed, or why it is not (a setting the
 * router cannot honour, a credential other than the server's proxy key); undefined when it does
 * not call the proxy at all. `model.data.inputs` are its settings.
 */
export const routingPlan = (
    model: FlowNode,
    definition: CatalogEntry,
    credentialId: unknown,
    routerDefinition: CatalogEntry,
    context: OptimizerContext
): RoutingPlan | undefined => {
    const { constraints, models, proxyUrl } = context
    const proxyModel = proxyModelOf(model, proxyUrl)
    if (!proxyModel || !models?.some((m) => m.name === proxyModel)) return undefined
    const { inputs: carried, lost } = carrySettings(model, definition, routerDefinition)
    const credential = typeof credentialId === 'string' && credentialId !== '' ? credentialId : undefined
    const foreignCredential = credential !== undefined && !context.proxyCredentials?.has(credential)
    if (lost.length > 0 || foreignCredential)
        return {
            finding: {
                pass: 'route-through-router',
                nodeIds: [model.id],
                before: { node: definition.name, model: proxyModel, ...(lost.length > 0 ? { settings: lost } : {}) },
                after: null,
                reason: `${model.id} is not routed: ${[
                    ...(lost.length > 0 ? [`the LiteLLM Router cannot honour its ${lost.join(', ')}`] : []),
                    ...(foreignCredential
                        ? [`its credential ${credential} is not the server's proxy key, which the router would use instead`]
                        : [])
                ].join('; ')}`
            }
        }
    const floor = constraints.minQuality
    const candidates = models
        .filter((m) => m.name === proxyModel || (m.quality.general !== undefined && (floor === undefined || m.quality.general >= floor)))
        .map((m) => m.name)
    const preferred = constraints.preferredModels ?? [proxyModel]
    return {
        model: proxyModel,
        inputs: {
            ...carried,
            candidateModels: JSON.stringify(candidates),
            preferredModels: JSON.stringify(preferred),
            strategy: strategyFor(context),
            ...(constraints.maxCostUsd !== undefined ? { maxCostPerRequest: constraints.maxCostUsd } : {}),
            ...(constraints.maxLatencyMs !== undefined ? { maxLatencyMs: constraints.maxLatencyMs } : {}),
            ...(floor !== undefined ? { minQuality: floor } : {})
        },
        summary: { candidates, preferred, settings: Object.fromEntries(Object.entries(carried).filter(([, v]) => !isBlank(v))) },
        keeps: `with every setting of ${model.id}${credential ? '' : ", and the server's proxy key"}`
    }
}

/**
 * Under a cost, latency or quality limit, replaces each chat model node that calls the LiteLLM
 * proxy with the LiteLLM Router node: its model stays the preferred one, the proxy's other
 * models (those with a quality score meeting the floor) become candidates, and the limits
 * become the router's per-request constraints, so each request goes to the cheapest (or fastest)
 * model that meets them. Edges, references and every setting the router honours ({@link CARRIED})
 * move to the new node. A node is left alone, with a finding saying why, when the router would
 * lose one of its settings or when it has a credential other than the server's proxy key (the
 * router calls the proxy with the server's key).
 */
export const routeThroughRouter: OptimizerPass = {
    name: 'route-through-router',
    description: 'Under cost/latency/quality limits, replace chat models that call the LiteLLM proxy with the LiteLLM Router node.',
    run: (flow, context) => {
        const { constraints, models } = context
        const routerDefinition = context.definitions(ROUTER)
        const limited =
            constraints.maxCostUsd !== undefined || constraints.maxLatencyMs !== undefined || constraints.minQuality !== undefined
        if (!limited || !routerDefinition || !models) return { flow, changes: [], findings: [] }
        if (flowTypeOf(flow) === 'AGENTFLOW') return routeAgentflowModels(flow, context, routerDefinition)
        const replacements = new Map<string, FlowNode>()
        const changes: FlowChange[] = []
        const findings: FlowChange[] = []
        const allocate = nodeIdAllocator(ROUTER, flow.nodes)
        for (const node of flow.nodes) {
            const definition = context.definitions(node.data.name)
            if (node.data.name === ROUTER || !definition?.capabilities.includes('chat-model')) continue
            const plan = routingPlan(node, definition, node.data.credential, routerDefinition, context)
            if (!plan) continue
            if ('finding' in plan) {
                findings.push(plan.finding)
                continue
            }
            const id = allocate()
            replacements.set(node.id, createFlowNode(routerDefinition, id, node.position ?? { x: 0, y: 0 }, plan.inputs))
            changes.push({
                pass: 'route-through-router',
                nodeIds: [node.id, id],
                before: { node: node.data.name, model: plan.model },
                after: { node: ROUTER, ...plan.summary },
                reason: `${node.id} calls ${plan.model} through the LiteLLM proxy but cannot enforce the limits per request; ${id} can (${plan.keeps})`
            })
        }
        if (replacements.size === 0) return { flow, changes, findings }
        const moved = (id: string) => replacements.get(id)?.id ?? id
        const newIds = new Map([...replacements].map(([from, to]) => [from, to.id]))
        const nodes: FlowNode[] = flow.nodes.map((node) => {
            const replacement = replacements.get(node.id)
            if (replacement) return replacement
            if (!node.data.inputs || !referencedNodes(Object.values(node.data.inputs).flat()).some((id) => newIds.has(id))) return node
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
        return { flow: { ...flow, nodes, edges } as FlowData, changes, findings }
    }
}
