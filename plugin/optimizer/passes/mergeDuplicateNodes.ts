import type { FlowData, FlowEdge, FlowNode } from '../../flow/flowData'
import { adjacency, endingNodesOf } from '../../flow/flowGraph'
import { referencedNodes, rewriteReferences } from '../../flow/handles'
import type { FlowChange, OptimizerPass } from '../types'

/**
 * Categories whose identical nodes may become one instance shared by their consumers: they hold
 * no state and their consumers do not change them, so each consumer receives what it did.
 */
const SHAREABLE = new Set(['Text Splitters', 'Output Parsers'])

/**
 * Categories never merged nor reported: ending nodes are what the user calls, memory holds a
 * conversation, sticky notes are documentation, and a model or embeddings instance shared by two
 * chains fails in Flowise 3.1 ("Cannot read private member", measured on the marketplace
 * "Prompt Chaining" with its two identical ChatOpenAI nodes merged).
 */
const NEVER_MERGED = new Set([
    'Chains',
    'Agents',
    'Engine',
    'Multi Agents',
    'Sequential Agents',
    'Memory',
    'Utilities',
    'Chat Models',
    'LLMs',
    'Embeddings',
    // Agentflow v2 nodes are steps of the flow, each run in its place, not instances handed to consumers.
    'Agent Flows'
])

/** A canonical JSON text: object keys sorted, so that equal inputs give equal text. */
const canonical = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
    if (value && typeof value === 'object') {
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
            .join(',')}}`
    }
    return JSON.stringify(value) ?? 'null'
}

/** References rewritten one for one (a list keeps its length: the identity must not hide a collapsed list). */
const substitute = (value: unknown, representative: ReadonlyMap<string, string>): unknown =>
    Array.isArray(value) ? value.map((v) => rewriteReferences(v, representative)) : rewriteReferences(value, representative)

/** Nodes in an order where every node comes after what feeds it; undefined when the flow has a cycle. O(nodes + edges). */
const topologicalOrder = (flow: FlowData): FlowNode[] | undefined => {
    const next = adjacency(flow, 'forward')
    const waiting = new Map(flow.nodes.map((n) => [n.id, 0]))
    for (const edge of flow.edges) if (waiting.has(edge.source)) waiting.set(edge.target, (waiting.get(edge.target) ?? 0) + 1)
    const byId = new Map(flow.nodes.map((n) => [n.id, n]))
    // A queue (not a stack), so that nodes come in the flow's own order where the edges allow it.
    const order: FlowNode[] = flow.nodes.filter((n) => waiting.get(n.id) === 0)
    for (let at = 0; at < order.length; at++) {
        const node = order[at]
        for (const target of next.get(node.id) ?? []) {
            const left = waiting.get(target)! - 1
            waiting.set(target, left)
            if (left === 0 && byId.has(target)) order.push(byId.get(target)!)
        }
    }
    return order.length === flow.nodes.length ? order : undefined
}

interface Group {
    readonly members: FlowNode[]
    /** Groups whose merging made these members look identical. */
    readonly dependsOn: Set<Group>
    refusal?: string
}

/**
 * Finds identical nodes in one topological sweep (type, version, inputs with references to
 * already-identical nodes counted as one, credential, chosen output), then merges a group only
 * when no consumer would receive anything different: the category is shareable, and no list
 * input holds two of the group (it would shrink). Other groups are reported and left.
 * O((nodes + edges + inputs) · log).
 */
export const mergeDuplicateNodes: OptimizerPass = {
    name: 'merge-duplicate-nodes',
    description: 'Merge duplicate stateless nodes (same type, inputs and credential) when no consumer would receive anything different.',
    run: (flow) => {
        const order = topologicalOrder(flow)
        if (!order) return { flow, changes: [], findings: [] }
        const ending = new Set(endingNodesOf(flow).map((n) => n.id))
        const representative = new Map<string, string>()
        const groupOf = new Map<string, Group>()
        const byIdentity = new Map<string, Group>()
        for (const node of order) {
            if (NEVER_MERGED.has(node.data.category ?? '') || ending.has(node.id)) continue
            const inputs = node.data.inputs ?? {}
            const dependsOn = new Set<Group>()
            for (const value of Object.values(inputs))
                for (const id of referencedNodes(value)) if (representative.has(id)) dependsOn.add(groupOf.get(id)!)
            const rewritten = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, substitute(v, representative)]))
            const key = canonical([node.data.name, node.data.version, rewritten, node.data.credential ?? null, node.data.outputs ?? {}])
            const group = byIdentity.get(key)
            if (group) {
                group.members.push(node)
                for (const d of dependsOn) group.dependsOn.add(d)
                representative.set(node.id, group.members[0].id)
                groupOf.set(node.id, group)
            } else {
                const created: Group = { members: [node], dependsOn }
                byIdentity.set(key, created)
                groupOf.set(node.id, created)
            }
        }
        const groups = [...byIdentity.values()].filter((g) => g.members.length > 1)
        if (groups.length === 0) return { flow, changes: [], findings: [] }

        // A list input holding two of a group would hold one after merging.
        for (const node of flow.nodes) {
            for (const [input, value] of Object.entries(node.data.inputs ?? {})) {
                if (!Array.isArray(value)) continue
                const seen = new Map<Group, Set<string>>()
                for (const id of referencedNodes(value)) {
                    const group = groupOf.get(id)
                    if (!group || group.members.length < 2) continue
                    const ids = seen.get(group) ?? new Set<string>()
                    ids.add(id)
                    seen.set(group, ids)
                    if (ids.size === 2 && !group.refusal)
                        group.refusal = `${node.id}.${input} would receive one instead of ${[...ids].length} or more`
                }
            }
        }
        for (const group of groups) {
            const category = group.members[0].data.category ?? ''
            if (!SHAREABLE.has(category) && !group.refusal)
                group.refusal = `their consumers would share one ${category || group.members[0].data.name} instance instead of each having its own`
        }
        // A group is identical only through the groups it depends on: refused with them.
        const dependents = new Map<Group, Group[]>()
        for (const group of groups)
            for (const d of group.dependsOn) {
                const list = dependents.get(d)
                if (list) list.push(group)
                else dependents.set(d, [group])
            }
        const queue = groups.filter((g) => g.refusal)
        while (queue.length > 0) {
            const refused = queue.pop()!
            for (const dependent of dependents.get(refused) ?? []) {
                if (dependent.refusal) continue
                dependent.refusal = `they are identical only if ${refused.members.map((m) => m.id).join(', ')} were merged`
                queue.push(dependent)
            }
        }

        const findings: FlowChange[] = []
        const changes: FlowChange[] = []
        const replacement = new Map<string, string>()
        for (const group of groups) {
            const [keep, ...duplicates] = group.members.map((m) => m.id)
            const ids = duplicates.join(', ')
            const verb = duplicates.length === 1 ? 'is' : 'are'
            if (group.refusal) {
                findings.push({
                    pass: 'merge-duplicate-nodes',
                    nodeIds: [keep, ...duplicates],
                    before: [keep, ...duplicates],
                    after: null,
                    reason: `${ids} ${verb} identical to ${keep} but not merged: ${group.refusal}`
                })
                continue
            }
            for (const d of duplicates) replacement.set(d, keep)
            changes.push({
                pass: 'merge-duplicate-nodes',
                nodeIds: [keep, ...duplicates],
                before: [keep, ...duplicates],
                after: keep,
                reason: `${ids} ${verb} identical to ${keep}`
            })
        }
        if (replacement.size === 0) return { flow, changes, findings }
        const nodes = flow.nodes
            .filter((n) => !replacement.has(n.id))
            .map((n) => {
                if (!n.data.inputs || !referencedNodes(Object.values(n.data.inputs).flat()).some((id) => replacement.has(id))) return n
                const inputs = Object.fromEntries(Object.entries(n.data.inputs).map(([k, v]) => [k, rewriteReferences(v, replacement)]))
                return { ...n, data: { ...n.data, inputs } }
            })
        const edgeKey = (e: FlowEdge) => `${e.source}\u0000${e.sourceHandle}\u0000${e.target}\u0000${e.targetHandle}`
        const seen = new Set<string>()
        const edges: FlowEdge[] = []
        for (const edge of flow.edges) {
            if (replacement.has(edge.target)) continue // the kept node has the same incoming edges
            const to = replacement.get(edge.source)
            const moved = to ? { ...edge, source: to, sourceHandle: `${to}${edge.sourceHandle.slice(edge.source.length)}` } : edge
            const rewritten = to ? { ...moved, id: `${moved.source}-${moved.sourceHandle}-${moved.target}-${moved.targetHandle}` } : moved
            if (seen.has(edgeKey(rewritten))) continue
            seen.add(edgeKey(rewritten))
            edges.push(rewritten)
        }
        return { flow: { ...flow, nodes, edges }, changes, findings }
    }
}
