import type { FlowChange, OptimizerPass } from '../types'
import { withInputs } from './nodeInputs'

/** Time limit (ms) given to chat models that have none: long for an LLM answer, short of forever. */
export const DEFAULT_MODEL_TIMEOUT_MS = 60_000

/**
 * Gives every chat model that has a `timeout` input and no value a time limit, so that a stuck
 * provider fails the prediction instead of hanging it. (The LiteLLM Router node has its own
 * attempt and total time budgets, with defaults.)
 */
export const setTimeouts: OptimizerPass = {
    name: 'set-timeouts',
    description: 'Give chat models without a time limit one, so that a stuck provider cannot hang a prediction.',
    run: (flow, { definitions }) => {
        const updates = new Map<string, Record<string, unknown>>()
        const changes: FlowChange[] = []
        for (const node of flow.nodes) {
            const definition = definitions(node.data.name)
            if (!definition?.capabilities.includes('chat-model') || !definition.params.some((p) => p.name === 'timeout')) continue
            const current = node.data.inputs?.timeout
            if (current !== undefined && current !== '' && current !== null) continue
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
