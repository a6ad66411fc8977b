import type { FlowData, FlowNode } from '../flow/flowData'
import { adjacency, reachable } from '../flow/flowGraph'
import { agentflowRuns } from '../flow/validateAgentflowV2'
import type { CallRange, ModelEstimate } from './estimateFlow'
import { numericInput } from './passes/nodeInputs'

/** Config inputs of Agentflow v2 nodes that hold a model's settings, with the input naming the model. */
export const MODEL_CONFIGS: Readonly<Record<string, string>> = {
    agentModelConfig: 'agentModel',
    llmModelConfig: 'llmModel',
    conditionAgentModelConfig: 'conditionAgentModel'
}

const CONDITIONS = new Set(['conditionAgentflow', 'conditionAgentAgentflow'])
/** Flowise's Loop node default when `maxLoopCount` is blank. */
const DEFAULT_MAX_LOOPS = 5
/** Beyond this many loops, the loop bodies are not worked out (each costs a walk of the flow): no maximum is given. */
const MAX_LOOPS_EXAMINED = 50

/** The chat model a node's config runs, as a node the chat-model estimate can price (its config is its inputs). */
export const configuredModels = (node: FlowNode): { config: string; model: FlowNode }[] =>
    Object.entries(MODEL_CONFIGS).flatMap(([config, modelInput]) => {
        const name = node.data.inputs?.[modelInput]
        const settings = node.data.inputs?.[config]
        if (typeof name !== 'string' || name === '' || !settings || typeof settings !== 'object') return []
        return [{ config, model: { id: node.id, data: { name, inputs: settings as Record<string, unknown> } } as FlowNode }]
    })

/**
 * Calls per request of each model an Agentflow v2 runs: an LLM or condition step once, an Agent
 * with tools typically twice with no bound known; none at least after a condition (its branch
 * may not be taken); a loop repeats its body up to `maxLoopCount` more times; an iteration runs
 * its children once per item (unknown here, so no maximum). Only steps Start reaches count.
 */
export const agentflowModelEstimates = (flow: FlowData, priceOf: (model: FlowNode) => Omit<ModelEstimate, 'calls'>): ModelEstimate[] => {
    const runs = agentflowRuns(flow)
    const forward = adjacency(flow, 'forward')
    const backward = adjacency(flow, 'backward')
    const afterCondition = reachable(
        flow.nodes.filter((n) => CONDITIONS.has(n.data.name)).flatMap((n) => forward.get(n.id) ?? []),
        forward
    )
    const loops = flow.nodes.filter((n) => n.data.name === 'loopAgentflow' && runs.has(n.id))
    const repeats = new Map<string, number>()
    const unbounded = loops.length > MAX_LOOPS_EXAMINED
    if (!unbounded)
        for (const loop of loops) {
            const target = String(loop.data.inputs?.loopBackToNode ?? '').split('-')[0]
            const times = (numericInput(loop.data.inputs?.maxLoopCount) ?? DEFAULT_MAX_LOOPS) + 1
            const fromTarget = reachable([target], forward)
            for (const id of reachable([loop.id], backward)) if (fromTarget.has(id)) repeats.set(id, (repeats.get(id) ?? 1) * times)
        }
    return flow.nodes
        .filter((n) => runs.has(n.id))
        .flatMap((node) =>
            configuredModels(node).map(({ model }) => {
                const tools = Array.isArray(node.data.inputs?.agentTools) && node.data.inputs.agentTools.length > 0
                const base: CallRange = tools ? { min: 1, typical: 2 } : { min: 1, typical: 1, max: 1 }
                const inIteration = typeof (node as { parentNode?: unknown }).parentNode === 'string'
                const times = repeats.get(node.id) ?? 1
                const calls: CallRange = {
                    min: afterCondition.has(node.id) ? 0 : base.min,
                    typical: base.typical,
                    max: base.max === undefined || inIteration || unbounded ? undefined : base.max * times
                }
                return { ...priceOf(model), calls }
            })
        )
}
