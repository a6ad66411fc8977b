import { endingNodesOf, UPSERT_CATEGORIES, usedNodes } from '../../flow/flowGraph'
import type { OptimizerPass } from '../types'

/** Sticky notes are documentation on the canvas: they never connect, and they stay. */
const STICKY_NOTE = 'stickyNote'

/**
 * Removes nodes that nothing in Flowise ever builds: those that feed neither an ending node
 * (what a prediction runs) nor a vector store (what `POST /vector/upsert` and the upsert pages
 * run), and edges whose ends no longer exist.
 */
export const removeUnreachableNodes: OptimizerPass = {
    name: 'remove-unreachable-nodes',
    description: 'Remove nodes that feed neither the ending node nor a vector store, and dangling edges.',
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
        const useful = usedNodes(flow)
        const keep = (n: (typeof flow.nodes)[number]) => useful.has(n.id) || n.data.name === STICKY_NOTE
        const removed = flow.nodes.filter((n) => !keep(n))
        const kept = flow.nodes.filter(keep)
        const keptIds = new Set(kept.map((n) => n.id))
        const edges = flow.edges.filter((e) => keptIds.has(e.source) && keptIds.has(e.target))
        // Named once for all removed nodes (a reason per node listing thousands of ending nodes would grow quadratically).
        const endings = ending.length <= 3 ? ending.map((e) => e.id).join(' or ') : `any of its ${ending.length} ending nodes`
        const entries = flow.nodes.some((n) => UPSERT_CATEGORIES.has(n.data.category ?? '')) ? `${endings} or a vector store` : endings
        const changes = [
            ...removed.map((n) => ({
                pass: 'remove-unreachable-nodes' as const,
                nodeIds: [n.id],
                before: n.data.name,
                after: null,
                reason: `${n.id} does not feed ${entries}: Flowise never builds it`
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
