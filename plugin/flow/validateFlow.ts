import type { AnchorSpec, CatalogEntry, OutputSpec } from '../capabilities/types'
import type { FlowData, FlowEdge, FlowNode } from './flowData'
import { adjacency, endingNodesOf, findCycle, reachable, usedNodes } from './flowGraph'
import { flowTypeOf } from './flowType'
import { validateAgentflowV2 } from './validateAgentflowV2'
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
    | 'duplicate-edge'
    | 'no-start-node'
    | 'several-start-nodes'
    | 'missing-parent'
    | 'unknown-model'
    | 'unknown-tool'
    | 'missing-reference'
    | 'unknown-state'
    | 'unreachable-from-start'
    | 'tool-without-arguments'

/**
 * `error`: Flowise cannot run the flow as it is (the optimizer refuses it); `warning`: Flowise
 * runs it anyway (it reads connections from `data.inputs` and builds only what feeds an
 * ending node or a vector store), but the flow is not as the canvas would save it.
 */
export type FlowIssueSeverity = 'error' | 'warning'

/** One problem, with the node or edge it is about. */
export interface FlowIssue {
    readonly code: FlowIssueCode
    readonly severity: FlowIssueSeverity
    readonly message: string
    readonly nodeId?: string
    readonly edgeId?: string
}

export interface ValidationReport {
    /** No errors (warnings allowed): Flowise can run the flow. */
    readonly valid: boolean
    readonly issues: readonly FlowIssue[]
    /** The nodes Flowise will run last (its ending nodes). */
    readonly endingNodes: readonly string[]
}

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

/** Codes of issues Flowise runs through (see {@link FlowIssueSeverity}); `unknown-node` depends on where the node is. */
const WARNINGS: ReadonlySet<FlowIssueCode> = new Set([
    'bad-handle',
    'unknown-anchor',
    'unknown-output',
    'too-many-connections',
    'edge-without-reference',
    'duplicate-edge'
])

/**
 * Checks a flow against the current node definitions: unique node ids, known node types, edges
 * between existing nodes through handles that match the nodes' anchors and outputs, compatible
 * types (the output provides the input's type), one connection on non-list inputs, `data.inputs`
 * instance references that agree with the edges, no cycle, and at least one ending node as
 * Flowise finds them (Agentflow v2 flows: {@link validateAgentflowV2}). Each issue says whether Flowise could still run the flow. Pure;
 * O((nodes + edges + input references) · log).
 */
export const validateFlow = (flow: FlowData, definitions: NodeDefinitions): ValidationReport => {
    if (flowTypeOf(flow) === 'AGENTFLOW') return validateAgentflowV2(flow, definitions)
    const issues: FlowIssue[] = []
    const report = (issue: Omit<FlowIssue, 'severity'>, severity?: FlowIssueSeverity) =>
        issues.push({ ...issue, severity: severity ?? (WARNINGS.has(issue.code) ? 'warning' : 'error') })
    const nodes = new Map<string, FlowNode>()
    for (const node of flow.nodes) {
        if (nodes.has(node.id)) report({ code: 'duplicate-node-id', message: `node id ${node.id} is used twice`, nodeId: node.id })
        nodes.set(node.id, node)
    }
    // Flowise builds what feeds an ending node or a vector store and what those feed; a node it
    // never builds cannot fail the flow, whatever its type.
    const built = reachable(usedNodes(flow), adjacency(flow, 'forward'))
    for (const node of flow.nodes) {
        if (definitions(node.data.name)) continue
        const isBuilt = built.has(node.id)
        report(
            {
                code: 'unknown-node',
                message: `node ${node.id} is of unknown type ${node.data.name}${isBuilt ? '' : ' (Flowise never builds it: nothing uses it)'}`,
                nodeId: node.id
            },
            isBuilt ? 'error' : 'warning'
        )
    }

    /** Node ids each node's input refers to, read once per input (list inputs can hold thousands). */
    const referenceSets = new Map<string, Set<string>>()
    const referencesOf = (node: FlowNode, inputName: string) => {
        const key = `${node.id}\u0000${inputName}`
        let set = referenceSets.get(key)
        if (!set) referenceSets.set(key, (set = new Set(referencedNodes(node.data.inputs?.[inputName]))))
        return set
    }
    const connections = new Map<string, number>()
    const connectedPairs = new Set<string>()
    const edgeKeys = new Set<string>()
    for (const edge of flow.edges) {
        const where = { edgeId: edgeName(edge) }
        const source = nodes.get(edge.source)
        const target = nodes.get(edge.target)
        if (!source || !target) {
            const missing = !source ? edge.source : edge.target
            report({ code: 'missing-node', message: `edge ${where.edgeId} refers to missing node ${missing}`, ...where })
            continue
        }
        connectedPairs.add(`${target.id}\u0000${source.id}`)
        const edgeKey = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`
        if (edgeKeys.has(edgeKey)) {
            report({
                code: 'duplicate-edge',
                message: `edge ${where.edgeId} repeats an earlier edge (${source.id} → ${target.id})`,
                ...where
            })
            continue
        }
        edgeKeys.add(edgeKey)
        const input = parseInputHandle(edge.targetHandle, target.id)
        const output = parseOutputHandle(edge.sourceHandle, source.id)
        if (!input || !output) {
            report({ code: 'bad-handle', message: `edge ${where.edgeId} has a malformed ${!input ? 'target' : 'source'} handle`, ...where })
            continue
        }
        const targetDefinition = definitions(target.data.name)
        const sourceDefinition = definitions(source.data.name)
        if (!targetDefinition || !sourceDefinition) continue
        // Flowise also lets an output connect to a parameter that accepts variables (a prompt's
        // `promptValues`, say); such a connection is checked like an anchor of the parameter's type.
        const anchor =
            targetDefinition.anchors.find((a) => a.name === input.inputName) ??
            parameterAsAnchor(targetDefinition.params.find((p) => p.name === input.inputName && p.type === input.type))
        if (!anchor) {
            report({
                code: 'unknown-anchor',
                message: `edge ${where.edgeId}: ${target.data.name} has no input "${input.inputName}" (Flowise reads the connection from data.inputs)`,
                nodeId: target.id,
                ...where
            })
            continue
        }
        const produced = outputOf(sourceDefinition, output.outputName, source.data.outputs?.output)
        if (!produced) {
            report({
                code: 'unknown-output',
                message: `edge ${where.edgeId}: ${source.data.name} has no output "${output.outputName}"`,
                nodeId: source.id,
                ...where
            })
            continue
        }
        const accepted = anchor.type.split('|').map((t) => t.trim())
        if (!accepted.some((t) => produced.baseClasses.includes(t))) {
            report({
                code: 'type-mismatch',
                message: `edge ${where.edgeId}: ${target.id}.${anchor.name} needs ${anchor.type}, ${source.id} provides ${produced.baseClasses.join(', ')}`,
                ...where
            })
        }
        const key = `${target.id}.${anchor.name}`
        const count = (connections.get(key) ?? 0) + 1
        connections.set(key, count)
        if (count === 2 && !anchor.list) {
            report({
                code: 'too-many-connections',
                message: `input ${key} takes one connection but has several (Flowise uses the one in data.inputs)`,
                nodeId: target.id
            })
        }
        if (!referencesOf(target, anchor.name).has(source.id)) {
            report({
                code: 'edge-without-reference',
                message: `edge ${where.edgeId} is not reflected in ${target.id}.data.inputs.${anchor.name} (expected ${instanceReference(source.id)}); Flowise ignores it`,
                ...where
            })
        }
    }

    for (const node of flow.nodes) {
        const definition = definitions(node.data.name)
        if (!definition) continue
        for (const anchor of definition.anchors) {
            for (const referenced of referencesOf(node, anchor.name)) {
                // Flowise needs an edge between the two nodes (it orders the build); the handle it names does not matter.
                if (!connectedPairs.has(`${node.id}\u0000${referenced}`)) {
                    report({
                        code: 'reference-without-edge',
                        message: `${node.id}.data.inputs.${anchor.name} refers to ${referenced} but no edge connects them`,
                        nodeId: node.id
                    })
                }
            }
        }
    }

    const cycle = findCycle(flow)
    if (cycle) report({ code: 'cycle', message: `the flow has a cycle: ${cycle.join(' → ')}`, nodeId: cycle[0] })

    const endingNodes = endingNodesOf(flow).map((n) => n.id)
    if (endingNodes.length === 0) {
        report({ code: 'no-ending-node', message: 'the flow has no ending node (a Chain, Agent or Engine that nothing consumes)' })
    }
    return { valid: issues.every((i) => i.severity === 'warning'), issues, endingNodes }
}
