import type { AnchorSpec, CatalogEntry, OutputSpec } from '../capabilities/types'
import type { FlowData, FlowEdge, FlowNode } from './flowData'
import { instanceReference, parseInputHandle, parseOutputHandle, referencedNodes } from './handles'

/** The current definition of a node by name (the capability catalog), or undefined when unknown. */
export type NodeDefinitions = (name: string) => CatalogEntry | undefined

export type FlowIssueCode =
    | 'duplicate-node-id'
    | 'unknown-node'
    | 'missing-node'
    | 'bad-handle'
    | 'unknown-anchor'
    | 'unknown-output'
    | 'type-mismatch'
    | 'too-many-connections'
    | 'reference-without-edge'
    | 'edge-without-reference'
    | 'cycle'
    | 'no-ending-node'

/** One problem, with the node or edge it is about. */
export interface FlowIssue {
    readonly code: FlowIssueCode
    readonly message: string
    readonly nodeId?: string
    readonly edgeId?: string
}

export interface ValidationReport {
    readonly valid: boolean
    readonly issues: readonly FlowIssue[]
    /** The nodes Flowise will run last (its ending nodes). */
    readonly endingNodes: readonly string[]
}

/** Categories Flowise accepts for an ending node (unless the node's output is `EndingNode`). */
export const ENDING_CATEGORIES: ReadonlySet<string> = new Set(['Chains', 'Agents', 'Engine', 'Multi Agents', 'Sequential Agents'])

const parameterAsAnchor = (param: CatalogEntry['params'][number] | undefined): AnchorSpec | undefined =>
    param && { name: param.name, label: param.label, type: param.type, list: false, optional: param.optional }

/**
 * The output an edge leaves from: the one its handle names, else the one selected on the node
 * (`data.outputs.output`), else the only or default one (flows saved before a node had several
 * outputs name the node itself in the handle, and Flowise then runs the default output).
 */
const outputOf = (definition: CatalogEntry, handleName: string, selected: unknown): OutputSpec | undefined =>
    definition.outputs.find((o) => o.name === handleName) ??
    definition.outputs.find((o) => o.name === selected) ??
    (definition.outputs.length === 1 || handleName === definition.name ? definition.outputs[0] : undefined)

const edgeName = (edge: FlowEdge) => edge.id ?? `${edge.source}->${edge.target}`

/** Ending nodes the way Flowise finds them: no outgoing edge, some incoming edge, an ending category. */
export const endingNodesOf = (flow: FlowData): FlowNode[] => {
    const outgoing = new Set(flow.edges.map((e) => e.source))
    const incoming = new Set(flow.edges.map((e) => e.target))
    const candidates = flow.nodes.length === 1 ? flow.nodes : flow.nodes.filter((n) => !outgoing.has(n.id) && incoming.has(n.id))
    return candidates.filter((n) => n.data.outputs?.output === 'EndingNode' || ENDING_CATEGORIES.has(n.data.category ?? ''))
}

const findCycle = (flow: FlowData): string[] | undefined => {
    const next = new Map<string, string[]>()
    for (const edge of flow.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target])
    const state = new Map<string, 'open' | 'done'>()
    for (const start of flow.nodes) {
        if (state.has(start.id)) continue
        // Iterative depth-first search: flows of thousands of nodes must not overflow the stack.
        const stack: { id: string; children: string[]; path: string[] }[] = [
            { id: start.id, children: next.get(start.id) ?? [], path: [start.id] }
        ]
        state.set(start.id, 'open')
        while (stack.length > 0) {
            const top = stack[stack.length - 1]
            const child = top.children.shift()
            if (child === undefined) {
                state.set(top.id, 'done')
                stack.pop()
                continue
            }
            const seen = state.get(child)
            if (seen === 'open') return [...top.path.slice(top.path.indexOf(child)), child]
            if (seen === undefined) {
                state.set(child, 'open')
                stack.push({ id: child, children: [...(next.get(child) ?? [])], path: [...top.path, child] })
            }
        }
    }
    return undefined
}

/**
 * Checks a flow against the current node definitions: unique node ids, known node types, edges
 * between existing nodes through handles that match the nodes' anchors and outputs, compatible
 * types (the output provides the input's type), one connection on non-list inputs, `data.inputs`
 * instance references that agree with the edges, no cycle, and at least one ending node as
 * Flowise finds them. Pure; O(nodes + edges).
 */
export const validateFlow = (flow: FlowData, definitions: NodeDefinitions): ValidationReport => {
    const issues: FlowIssue[] = []
    const nodes = new Map<string, FlowNode>()
    for (const node of flow.nodes) {
        if (nodes.has(node.id)) issues.push({ code: 'duplicate-node-id', message: `node id ${node.id} is used twice`, nodeId: node.id })
        nodes.set(node.id, node)
        if (!definitions(node.data.name)) {
            issues.push({ code: 'unknown-node', message: `node ${node.id} is of unknown type ${node.data.name}`, nodeId: node.id })
        }
    }

    const connections = new Map<string, number>()
    const edgeKeys = new Set<string>()
    for (const edge of flow.edges) {
        const where = { edgeId: edgeName(edge) }
        const source = nodes.get(edge.source)
        const target = nodes.get(edge.target)
        if (!source || !target) {
            const missing = !source ? edge.source : edge.target
            issues.push({ code: 'missing-node', message: `edge ${where.edgeId} refers to missing node ${missing}`, ...where })
            continue
        }
        const input = parseInputHandle(edge.targetHandle, target.id)
        const output = parseOutputHandle(edge.sourceHandle, source.id)
        if (!input || !output) {
            issues.push({
                code: 'bad-handle',
                message: `edge ${where.edgeId} has a malformed ${!input ? 'target' : 'source'} handle`,
                ...where
            })
            continue
        }
        edgeKeys.add(`${target.id}\u0000${input.inputName}\u0000${source.id}`)
        const targetDefinition = definitions(target.data.name)
        const sourceDefinition = definitions(source.data.name)
        if (!targetDefinition || !sourceDefinition) continue
        // Flowise also lets an output connect to a parameter that accepts variables (a prompt's
        // `promptValues`, say); such a connection is checked like an anchor of the parameter's type.
        const anchor =
            targetDefinition.anchors.find((a) => a.name === input.inputName) ??
            parameterAsAnchor(targetDefinition.params.find((p) => p.name === input.inputName && p.type === input.type))
        if (!anchor) {
            issues.push({
                code: 'unknown-anchor',
                message: `edge ${where.edgeId}: ${target.data.name} has no input "${input.inputName}"`,
                nodeId: target.id,
                ...where
            })
            continue
        }
        const produced = outputOf(sourceDefinition, output.outputName, source.data.outputs?.output)
        if (!produced) {
            issues.push({
                code: 'unknown-output',
                message: `edge ${where.edgeId}: ${source.data.name} has no output "${output.outputName}"`,
                nodeId: source.id,
                ...where
            })
            continue
        }
        const accepted = anchor.type.split('|').map((t) => t.trim())
        if (!accepted.some((t) => produced.baseClasses.includes(t))) {
            issues.push({
                code: 'type-mismatch',
                message: `edge ${where.edgeId}: ${target.id}.${anchor.name} needs ${anchor.type}, ${source.id} provides ${produced.baseClasses.join(', ')}`,
                ...where
            })
        }
        const key = `${target.id}.${anchor.name}`
        const count = (connections.get(key) ?? 0) + 1
        connections.set(key, count)
        if (count === 2 && !anchor.list) {
            issues.push({ code: 'too-many-connections', message: `input ${key} takes one connection but has several`, nodeId: target.id })
        }
        const value = target.data.inputs?.[anchor.name]
        if (!referencedNodes(value).includes(source.id)) {
            issues.push({
                code: 'edge-without-reference',
                message: `edge ${where.edgeId} is not reflected in ${target.id}.data.inputs.${anchor.name} (expected ${instanceReference(source.id)})`,
                ...where
            })
        }
    }

    for (const node of flow.nodes) {
        const definition = definitions(node.data.name)
        if (!definition) continue
        for (const anchor of definition.anchors) {
            for (const referenced of referencedNodes(node.data.inputs?.[anchor.name])) {
                if (!edgeKeys.has(`${node.id}\u0000${anchor.name}\u0000${referenced}`)) {
                    issues.push({
                        code: 'reference-without-edge',
                        message: `${node.id}.data.inputs.${anchor.name} refers to ${referenced} but no edge connects them`,
                        nodeId: node.id
                    })
                }
            }
        }
    }

    const cycle = findCycle(flow)
    if (cycle) issues.push({ code: 'cycle', message: `the flow has a cycle: ${cycle.join(' → ')}`, nodeId: cycle[0] })

    const endingNodes = endingNodesOf(flow).map((n) => n.id)
    if (endingNodes.length === 0) {
        issues.push({ code: 'no-ending-node', message: 'the flow has no ending node (a Chain, Agent or Engine that nothing consumes)' })
    }
    return { valid: issues.length === 0, issues, endingNodes }
}
