import type { FlowData, FlowNode } from './flowData'

/** Categories Flowise accepts for an ending node (unless the node's output is `EndingNode`). */
export const ENDING_CATEGORIES: ReadonlySet<string> = new Set(['Chains', 'Agents', 'Engine', 'Multi Agents', 'Sequential Agents'])

/**
 * Nodes Flowise reaches by entry points other than a prediction: `POST /vector/upsert` (and the
 * document-store and upsert-history pages) builds every vector store of the flow with what feeds it.
 */
export const UPSERT_CATEGORIES: ReadonlySet<string> = new Set(['Vector Stores'])

/** Ending nodes the way Flowise finds them: no outgoing edge, some incoming edge, an ending category. */
export const endingNodesOf = (flow: FlowData): FlowNode[] => {
    const outgoing = new Set(flow.edges.map((e) => e.source))
    const incoming = new Set(flow.edges.map((e) => e.target))
    const candidates = flow.nodes.length === 1 ? flow.nodes : flow.nodes.filter((n) => !outgoing.has(n.id) && incoming.has(n.id))
    return candidates.filter((n) => n.data.outputs?.output === 'EndingNode' || ENDING_CATEGORIES.has(n.data.category ?? ''))
}

/** Node ids to the ids at the other end of their edges, in one direction. O(edges). */
export const adjacency = (flow: FlowData, direction: 'forward' | 'backward'): Map<string, string[]> => {
    const next = new Map<string, string[]>()
    for (const edge of flow.edges) {
        const [from, to] = direction === 'forward' ? [edge.source, edge.target] : [edge.target, edge.source]
        const list = next.get(from)
        if (list) list.push(to)
        else next.set(from, [to])
    }
    return next
}

/** Every node reachable from `starts` along `next` (the starts included). O(nodes + edges). */
export const reachable = (starts: Iterable<string>, next: ReadonlyMap<string, readonly string[]>): Set<string> => {
    const seen = new Set(starts)
    const queue = [...seen]
    while (queue.length > 0) {
        for (const id of next.get(queue.pop()!) ?? []) {
            if (seen.has(id)) continue
            seen.add(id)
            queue.push(id)
        }
    }
    return seen
}

/**
 * The nodes Flowise can build: those that feed an ending node or a vector store (which the
 * upsert endpoint builds), with the entry points themselves.
 */
export const usedNodes = (flow: FlowData): Set<string> => {
    const entries = [
        ...endingNodesOf(flow).map((n) => n.id),
        ...flow.nodes.filter((n) => UPSERT_CATEGORIES.has(n.data.category ?? '')).map((n) => n.id)
    ]
    return reachable(entries, adjacency(flow, 'backward'))
}

/** A cycle as the node ids along it (first repeated last), or undefined. Iterative; O(nodes + edges). */
export const findCycle = (flow: FlowData): string[] | undefined => {
    const next = adjacency(flow, 'forward')
    const state = new Map<string, 'open' | 'done'>()
    const parent = new Map<string, string>()
    for (const start of flow.nodes) {
        if (state.has(start.id)) continue
        // Iterative depth-first search (thousands of nodes must not overflow the stack); each
        // frame keeps an index into its children, so no list is copied or shifted.
        const stack: { id: string; index: number }[] = [{ id: start.id, index: 0 }]
        state.set(start.id, 'open')
        while (stack.length > 0) {
            const top = stack[stack.length - 1]
            const children = next.get(top.id) ?? []
            if (top.index >= children.length) {
                state.set(top.id, 'done')
                stack.pop()
                continue
            }
            const child = children[top.index++]
            const seen = state.get(child)
            if (seen === 'open') {
                const between: string[] = []
                for (let at = top.id; at !== child; at = parent.get(at)!) between.push(at)
                return [child, ...between.reverse(), child]
            }
            if (seen === undefined) {
                state.set(child, 'open')
                parent.set(child, top.id)
                stack.push({ id: child, index: 0 })
            }
        }
    }
    return undefined
}
