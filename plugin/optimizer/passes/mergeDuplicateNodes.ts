import type { FlowData, FlowEdge, FlowNode } from '../../flow/flowData'
import { rewriteReferences } from '../../flow/handles'
import { endingNodesOf } from '../../flow/validateFlow'
import type { OptimizerPass } from '../types'

/**
 * Categories never merged: ending nodes are what the user calls, memory holds a conversation,
 * sticky notes are documentation. Models and embeddings are not merged either: Flowise 3.1
 * deep-clones the ending node's chain on every run, and a model instance shared by two chains
 * then fails ("Cannot read private member", measured on the marketplace "Prompt Chaining" with
 * its two identical ChatOpenAI nodes merged).
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
    'Embeddings'
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

/** What makes two nodes interchangeable: type, version, inputs (including connections), credential, chosen output. */
const identity = (node: FlowNode) =>
    canonical([node.data.name, node.data.version, node.data.inputs ?? {}, node.data.credential ?? null, node.data.outputs ?? {}])

const edgeKey = (e: FlowEdge) => `${e.source}\u0000${e.sourceHandle}\u0000${e.target}\u0000${e.targetHandle}`

/** One round: merges each group of identical nodes into its first member. */
const mergeOnce = (flow: FlowData, ending: ReadonlySet<string>): { flow: FlowData; merged: [string, string[]][] } => {
    const groups = new Map<string, FlowNode[]>()
    for (const node of flow.nodes) {
        if (NEVER_MERGED.has(node.data.category ?? '') || ending.has(node.id)) continue
        const key = identity(node)
        groups.set(key, [...(groups.get(key) ?? []), node])
    }
    const replacement = new Map<string, string>()
    const merged: [string, string[]][] = []
    for (const group of groups.values()) {
        if (group.length < 2) continue
        const [keep, ...duplicates] = group
        for (const d of duplicates) replacement.set(d.id, keep.id)
        merged.push([keep.id, duplicates.map((d) => d.id)])
    }
    if (merged.length === 0) return { flow, merged }
    const nodes = flow.nodes
        .filter((n) => !replacement.has(n.id))
        .map((n) => {
            if (!n.data.inputs) return n
            const inputs = Object.fromEntries(Object.entries(n.data.inputs).map(([k, v]) => [k, rewriteReferences(v, replacement)]))
            return { ...n, data: { ...n.data, inputs } }
        })
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
    return { flow: { ...flow, nodes, edges }, merged }
}

/**
 * Merges duplicate nodes (same type, version, inputs, credential and selected output) into one
 * and rewires their edges and `data.inputs` references; repeats until no duplicates are left,
 * since merging can make the nodes downstream identical too.
 */
export const mergeDuplicateNodes: OptimizerPass = {
    name: 'merge-duplicate-nodes',
    description: 'Merge duplicate nodes (same type, inputs and credential) and rewire their edges.',
    run: (flow) => {
        const ending = new Set(endingNodesOf(flow).map((n) => n.id))
        const changes = []
        let current = flow
        for (;;) {
            const round = mergeOnce(current, ending)
            if (round.merged.length === 0) break
            current = round.flow
            for (const [keep, duplicates] of round.merged) {
                changes.push({
                    pass: 'merge-duplicate-nodes' as const,
                    nodeIds: [keep, ...duplicates],
                    before: [keep, ...duplicates],
                    after: keep,
                    reason: `${duplicates.join(', ')} ${duplicates.length === 1 ? 'is' : 'are'} identical to ${keep}`
                })
            }
        }
        return { flow: current, changes, findings: [] }
    }
}
