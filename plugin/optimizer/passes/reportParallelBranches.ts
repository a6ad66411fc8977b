import type { FlowData } from '../../flow/flowData'
import { adjacency } from '../../flow/flowGraph'
import { flowTypeOf } from '../../flow/flowType'
import type { FlowChange, OptimizerPass } from '../types'

/**
 * Upstream nodes visited in all, per node of the flow, before the search stops: finding every
 * pair of disjoint branches can take time quadratic in the flow's size (a ladder of joins), and
 * a report of opportunities is not worth that on the host's event loop.
 */
const VISITS_PER_NODE = 32

/**
 * Finds independent branches: inputs of one node fed by upstream sub-graphs that share no node,
 * so they could run at the same time. Flowise 3.1 builds a chatflow's nodes one after another
 * (its `buildFlow` awaits each node), so nothing here would run concurrently if rewired: the
 * pass reports the opportunity and changes nothing, and claims no gain. Its work is bounded
 * by {@link VISITS_PER_NODE} (linear in the flow's size); where the bound cuts the search short,
 * it says so.
 */
export const reportParallelBranches: OptimizerPass = {
    name: 'report-parallel-branches',
    description: 'Report independent branches that could run concurrently (Flowise runs them one after another; nothing is changed).',
    run: (flow: FlowData) => {
        // Agentflow v2 edges are the order steps run in, not values built for a consumer.
        if (flowTypeOf(flow) === 'AGENTFLOW') return { flow, changes: [], findings: [] }
        const feeding = adjacency(flow, 'backward')
        let budget = VISITS_PER_NODE * (flow.nodes.length + flow.edges.length)
        const findings: FlowChange[] = []
        for (const [target, sources] of feeding) {
            const distinct = [...new Set(sources)]
            if (distinct.length < 2) continue
            // Each node upstream is labelled with the branch that reached it first; a second label means the branches meet.
            const owner = new Map<string, number>()
            const branches: string[][] = distinct.map(() => [])
            let joined = false
            for (let b = 0; b < distinct.length && !joined && budget > 0; b++) {
                const queue = [distinct[b]]
                while (queue.length > 0 && budget > 0) {
                    const id = queue.pop()!
                    budget--
                    const seen = owner.get(id)
                    if (seen === b) continue
                    if (seen !== undefined) {
                        joined = true
                        break
                    }
                    owner.set(id, b)
                    branches[b].push(id)
                    for (const source of feeding.get(id) ?? []) queue.push(source)
                }
            }
            if (budget <= 0) {
                findings.push({
                    pass: 'report-parallel-branches',
                    nodeIds: [],
                    before: null,
                    after: null,
                    reason: `the search for independent branches stopped at ${target} after ${VISITS_PER_NODE} visits per node; later joins were not examined`
                })
                break
            }
            // Only branches of more than one node are worth running apart.
            const worth = branches.filter((b) => b.length > 1)
            if (joined || worth.length < 2) continue
            findings.push({
                pass: 'report-parallel-branches',
                nodeIds: [target, ...worth.map((b) => b[0])],
                before: worth,
                after: null,
                reason: `${worth.length} independent branches feed ${target}; Flowise builds them one after another`
            })
        }
        return { flow, changes: [], findings }
    }
}
