import type { FlowChange, OptimizerPass, OptimizeConstraints } from '../types'
import { numericInput, withInputs } from './nodeInputs'

/** The router node, which enforces cost, latency and quality limits per request. */
const ROUTER = 'liteLLMRouter'

/** Router inputs that carry each constraint, and whether a smaller value is stricter. */
const LIMITS: readonly { constraint: keyof OptimizeConstraints; input: string; stricter: 'lower' | 'higher' }[] = [
    { constraint: 'maxCostUsd', input: 'maxCostPerRequest', stricter: 'lower' },
    { constraint: 'maxLatencyMs', input: 'maxLatencyMs', stricter: 'lower' },
    { constraint: 'minQuality', input: 'minQuality', stricter: 'higher' }
]

/**
 * Applies the user's cost, latency and quality limits: LiteLLM Router nodes get them as their
 * per-request constraints (tightening, never loosening, what they have), and under a latency
 * limit chat models that can stream but do not are switched to streaming (the first token
 * arrives sooner). Other chat models cannot enforce a limit per request; they are reported as
 * candidates for the router node.
 */
export const applyConstraints: OptimizerPass = {
    name: 'apply-constraints',
    description:
        'Set cost, latency and quality limits on router nodes; stream under a latency limit; report models that cannot enforce limits.',
    run: (flow, { definitions, constraints }) => {
        const active = LIMITS.filter((l) => constraints[l.constraint] !== undefined)
        const updates = new Map<string, Record<string, unknown>>()
        const changes: FlowChange[] = []
        const findings: FlowChange[] = []
        for (const node of flow.nodes) {
            const definition = definitions(node.data.name)
            if (!definition?.capabilities.includes('chat-model')) continue
            const update: Record<string, unknown> = {}
            if (node.data.name === ROUTER) {
                for (const limit of active) {
                    const wanted = constraints[limit.constraint] as number
                    const current = numericInput(node.data.inputs?.[limit.input])
                    const looser = current === undefined || (limit.stricter === 'lower' ? current > wanted : current < wanted)
                    if (looser) update[limit.input] = wanted
                }
            } else if (active.length > 0) {
                findings.push({
                    pass: 'apply-constraints',
                    nodeIds: [node.id],
                    before: node.data.name,
                    after: ROUTER,
                    reason: `${node.id} (${node.data.name}) cannot enforce ${active.map((l) => l.constraint).join(', ')} per request; the LiteLLM Router node can`
                })
            }
            const canStream = definition.capabilities.includes('streaming')
            if (
                constraints.maxLatencyMs !== undefined &&
                canStream &&
                (node.data.inputs?.streaming === false || node.data.inputs?.streaming === 'false')
            ) {
                update.streaming = true
            }
            if (Object.keys(update).length === 0) continue
            updates.set(node.id, update)
            changes.push({
                pass: 'apply-constraints',
                nodeIds: [node.id],
                before: Object.fromEntries(Object.keys(update).map((k) => [k, node.data.inputs?.[k] ?? null])),
                after: update,
                reason: `the user's limits (${active.map((l) => `${l.constraint} ${constraints[l.constraint]}`).join(', ')})`
            })
        }
        return { flow: withInputs(flow, updates), changes, findings }
    }
}
