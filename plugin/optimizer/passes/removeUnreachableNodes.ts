import type { FlowData, FlowNode } from '../../flow/flowData'
import { endingNodesOf, UPSERT_CATEGORIES, usedNodes } from '../../flow/flowGraph'
import { flowTypeOf } from '../../flow/flowType'
import { agentflowRuns } from '../../flow/validateAgentflowV2'
import type { FlowChange, OptimizerPass, PassResult } from '../types'

/** Sticky notes (chatflow and Agentflow v2) are documentation on the canvas: they never connect, and they stay. */
const STICKY_NOTES = new Set(['stickyNote', 'stickyNoteAgentflow'])

/** The flow without the nodes outside `useful` (sticky notes stay) and the edges they leave dangling, each reported. */
const removeNodes = (flow: FlowData, useful: ReadonlySet<string>, why: string): PassResult => {
    const keep = (n: FlowNode) => useful.has(n.id) || STICKY_NOTES.has(n.data.name)
    const kept = flow.nodes.filter(keep)
    const keptIds = new Set(kept.map((n) => n.id))
    const edges = flow.edges.filter((e) => keptIds.has(e.source) && keptIds.has(e.target))
    const changes: FlowChange[] = flow.nodes
        .filter((n) => !keep(n))
        .map((n) => ({ pass: 'remove-unreachable-nodes', nodeIds: [n.id], before: n.data.name, after: null, reason: `${n.id}: ${why}` }))
    if (flow.edges.length > edges.length)
        changes.push({
            pass: 'remove-unreachable-nodes',
            nodeIds: [],
            before: flow.edges.length,
            after: edges.length,
            reason: `${flow.edges.length - edges.length} edge(s) to or from removed or missing nodes`
        })
    return changes.length === 0 ? { flow, changes, findings: [] } : { flow: { ...flow, nodes: kept, edges }, changes, findings: [] }
}

/**
 * Removes nodes that nothing in Flowise ever builds: those that feed neither an ending node
 * (what a prediction runs) nor a vector store (what `POST /vector/upsert` and the upsert pages
 * run); in an Agentflow v2, those no path from Start reaches. And edges whose ends no longer exist.
 */
export const removeUnreachableNodes: OptimizerPass = {
    name: 'remove-unreachable-nodes',
    description: 'Remove nodes that feed neither the ending node nor a vector store, and dangling edges.',
    run: (flow) => {
        if (flowTypeOf(flow) === 'AGENTFLOW')
            return removeNodes(flow, agentflowRuns(flow), 'no path from Start reaches it: Flowise never runs it')
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
        // Named once for all removed nodes (a reason per node listing thousands of ending nodes would grow quadratically).
        const endings = ending.length <= 3 ? ending.map((e) => e.id).join(' or ') : `any of its ${ending.length} ending nodes`
        const entries = flow.nodes.some((n) => UPSERT_CATEGORIES.has(n.data.category ?? '')) ? `${endings} or a vector store` : endings
        return removeNodes(flow, usedNodes(flow), `it does not feed ${entries}: Flowise never builds it`)
    }
}
