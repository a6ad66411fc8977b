import { endingNodesOf } from '../../flow/validateFlow'
import type { OptimizerPass } from '../types'

/** Sticky notes are documentation on the canvas: they never connect, and they stay. */
const STICKY_NOTE = 'stickyNote'

/**
 * Removes nodes that cannot contribute to an ending node (nothing connects them, directly or
 * through other nodes, to what Flowise runs last), and edges whose ends no longer exist.
 */
export const removeUnreachableNodes: OptimizerPass = {
    name: 'remove-unreachable-nodes',
    description: 'Remove nodes that cannot contribute to the ending node, and dangling edges.',
    run: (flow) => {
        const ending = endingNodesOf(flow)
        if (ending.length === 0) {
            return {
                flow,
                changes: [],
                findings: [
                    {
                        pass: 'remove-unreachable-nodes',
                        nodeIds: [],
                        before: null,
                        after: null,
                        reason: 'no ending node: nothing is removed'
                    }
                ]
            }
        }
        const feeding = new Map<string, string[]>()
        for (const edge of flow.edges) feeding.set(edge.target, [...(feeding.get(edge.target) ?? []), edge.source])
        const useful = new Set(ending.map((n) => n.id))
        const queue = [...useful]
        while (queue.length > 0) {
            for (const source of feeding.get(queue.pop()!) ?? []) {
                if (!useful.has(source)) {
                    useful.add(source)
                    queue.push(source)
                }
            }
        }
        const removed = flow.nodes.filter((n) => !useful.has(n.id) && n.data.name !== STICKY_NOTE)
        const kept = flow.nodes.filter((n) => useful.has(n.id) || n.data.name === STICKY_NOTE)
        const keptIds = new Set(kept.map((n) => n.id))
        const edges = flow.edges.filter((e) => keptIds.has(e.source) && keptIds.has(e.target))
        const changes = [
            ...removed.map((n) => ({
                pass: 'remove-unreachable-nodes' as const,
                nodeIds: [n.id],
                before: n.data.name,
                after: null,
                reason: `${n.id} does not feed ${ending.map((e) => e.id).join(' or ')}`
            })),
            ...(flow.edges.length - edges.length > 0
                ? [
                      {
                          pass: 'remove-unreachable-nodes' as const,
                          nodeIds: [],
                          before: flow.edges.length,
                          after: edges.length,
                          reason: `${flow.edges.length - edges.length} edge(s) to or from removed or missing nodes`
                      }
                  ]
                : [])
        ]
        return changes.length === 0 ? { flow, changes, findings: [] } : { flow: { ...flow, nodes: kept, edges }, changes, findings: [] }
    }
}
