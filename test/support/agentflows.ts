import type { FlowEdge, FlowNode } from '../../plugin/flow/flowData'
import type { NodeDefinition } from './flowise'

/**
 * Builds an Agentflow v2 canvas node from a definition of `GET /api/v1/nodes`, the way Flowise's
 * Agentflow canvas does when a node is dropped: every input becomes an input parameter with its
 * handle id, defaults are filled in and `inputs` override them; one output anchor per node, or
 * one per branch (`branches`, as Condition nodes have).
 */
export const agentflowNode = (definition: NodeDefinition, id: string, inputs: Record<string, unknown>, branches = 0): FlowNode => {
    const params = (definition.inputs ?? []).map((input) => ({ ...input, id: `${id}-input-${input.name}-${input.type}` }))
    const defaults = Object.fromEntries(params.map((p) => [p.name, p.default ?? '']))
    const outputAnchors =
        branches > 0
            ? Array.from({ length: branches }, (_, index) => ({ id: `${id}-output-${index}`, label: index, name: index }))
            : [{ id: `${id}-output-${definition.name}`, label: definition.label, name: definition.name }]
    return {
        id,
        type: 'agentFlow',
        position: { x: 0, y: 0 },
        data: {
            id,
            label: definition.label,
            name: definition.name,
            version: definition.version,
            type: definition.type,
            category: definition.category,
            baseClasses: definition.baseClasses,
            inputParams: params,
            inputAnchors: [],
            inputs: { ...defaults, ...inputs },
            outputAnchors,
            outputs: {}
        }
    } as FlowNode
}

/** A control edge from `source` (its output, or its branch `branch`) to `target`. */
export const agentflowEdge = (source: FlowNode, target: FlowNode, branch?: number): FlowEdge => {
    const sourceHandle = branch === undefined ? `${source.id}-output-${source.data.name}` : `${source.id}-output-${branch}`
    return {
        id: `${source.id}-${sourceHandle}-${target.id}-${target.id}`,
        source: source.id,
        sourceHandle,
        target: target.id,
        targetHandle: target.id,
        type: 'agentFlow'
    }
}
