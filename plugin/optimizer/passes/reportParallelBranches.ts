import type { FlowData } from '../../flow/flowData'
import type { FlowChange, OptimizerPass } from '../types'

/**
 * Finds independent branches: inputs of one node fed by upstream sub-graphs that share no node,
 * so they could run at the same time. Flowise 3.1 builds a chatflow's nodes one after another
 * (its `buildFlow` awaits each node), so nothing here would run concurrently if rewired: the
 * pass reports the opportunity and changes nothing, and claims no gain.
 */
export const reportParallelBranches: OptimizerPass = {
    name: 'report-parallel-branches',
    description: 'Report independent branches that could run concurrently (Flowise runs them one after another; nothing is changed).',
    run: (flow: FlowData) => {
        const feeding = new Map<string, string[]>()
        for (const edge of flow.edges) feeding.set(edge.target, [...(feeding.get(edge.target) ?? []), edge.source])
        const upstream = (start: string): Set<string> => {
            const seen = new Set([start])
            const queue = [start]
            while (queue.length > 0) {
                for (const source of feeding.get(queue.pop()!) ?? []) {
                    if (seen.has(source)) continue
                    seen.add(source)
                    queue.push(source)
                }
            }
            return seen
        }
        const findings: FlowChange[] = []
        for (const [target, sources] of feeding) {
            // Only branches of more than one node are worth running apart.
            const branches = [...new Set(sources)].map(upstream).filter((b) => b.size > 1)
            if (branches.length < 2) continue
            const disjoint = branches.every((b, i) => branches.every((other, j) => j <= i || [...b].every((id) => !other.has(id))))
            if (!disjoint) continue
            findings.push({
                pass: 'report-parallel-branches',
                nodeIds: [target, ...branches.map((b) => [...b][0])],
                before: branches.map((b) => [...b]),
                after: null,
                reason: `${branches.length} independent branches feed ${target}; Flowise builds them one after another`
            })
        }
        return { flow, changes: [], findings }
    }
}
