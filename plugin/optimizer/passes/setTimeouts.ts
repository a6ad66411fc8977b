import type { FlowNode } from '../../flow/flowData'
import { flowTypeOf } from '../../flow/flowType'
import type { NodeDefinitions } from '../../flow/validateFlow'
import { configuredModels } from '../estimateAgentflowV2'
import type { FlowChange, OptimizerPass } from '../types'
import { isBlank, withInputs } from './nodeInputs'

/** Time limit (ms) given to chat models that have none: long for an LLM answer, short of forever. */
export const DEFAULT_MODEL_TIMEOUT_MS = 60_000

const takesTimeout = (definitions: NodeDefinitions, name: string) => {
    const definition = definitions(name)
    return !!definition?.capabilities.includes('chat-model') && definition.params.some((p) => p.name === 'timeout')
}

/** An Agentflow v2 node's model configs that get a time limit, as the inputs to set. */
const agentflowUpdates = (node: FlowNode, definitions: NodeDefinitions): Record<string, unknown> | undefined => {
    const update: Record<string, unknown> = {}
    for (const { config, model } of configuredModels(node))
        if (takesTimeout(definitions, model.data.name) && isBlank(model.data.inputs?.timeout))
            update[config] = { ...model.data.inputs, timeout: DEFAULT_MODEL_TIMEOUT_MS }
    return Object.keys(update).length > 0 ? update : undefined
}

/**
 * Gives every chat model that has a `timeout` input and no value a time limit, so that a stuck
 * provider fails the prediction instead of hanging it: chat model nodes, and in an Agentflow v2
 * the model configs of its Agent, LLM and Condition Agent steps. (The LiteLLM Router node has
 * its own attempt and total time budgets, with defaults.)
 */
export const setTimeouts: OptimizerPass = {
    name: 'set-timeouts',
    description: 'Give chat models without a time limit one, so that a stuck provider cannot hang a prediction.',
    run: (flow, { definitions }) => {
        const updates = new Map<string, Record<string, unknown>>()
        const changes: FlowChange[] = []
        const agentflow = flowTypeOf(flow) === 'AGENTFLOW'
        for (const node of flow.nodes) {
            if (agentflow) {
                const update = agentflowUpdates(node, definitions)
                if (!update) continue
                updates.set(node.id, update)
                changes.push({
                    pass: 'set-timeouts',
                    nodeIds: [node.id],
                    before: Object.fromEntries(Object.keys(update).map((config) => [config, { timeout: null }])),
                    after: update,
                    reason: `${node.id}'s model had no time limit (${DEFAULT_MODEL_TIMEOUT_MS} ms now)`
                })
                continue
            }
            if (!takesTimeout(definitions, node.data.name)) continue
            const current = node.data.inputs?.timeout
            if (!isBlank(current)) continue
            updates.set(node.id, { timeout: DEFAULT_MODEL_TIMEOUT_MS })
            changes.push({
                pass: 'set-timeouts',
                nodeIds: [node.id],
                before: { timeout: current ?? null },
                after: { timeout: DEFAULT_MODEL_TIMEOUT_MS },
                reason: `${node.id} had no time limit`
            })
        }
        return { flow: withInputs(flow, updates), changes, findings: [] }
    }
}
