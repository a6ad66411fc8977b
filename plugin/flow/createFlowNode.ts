import { PARAMETER_TYPES } from '../capabilities/describeNode'
import type { CatalogEntry } from '../capabilities/types'
import type { FlowNode } from './flowData'
import { isAgentflowV2Node } from './flowType'
import { applyShowHide } from './showHide'

type Param = Record<string, unknown> & { name: string; type: string }

/** The node's inputs with every field the host serves; entries cached before the catalog kept them are rebuilt from their specs. */
const inputsOf = (definition: CatalogEntry): Param[] =>
    (definition.canvas?.inputs as Param[] | undefined) ??
    [
        ...definition.anchors.map((a) => ({ ...a })),
        ...definition.params.map(({ additional, options, ...p }) => ({
            ...p,
            ...(additional ? { additionalParams: true } : {}),
            ...(options ? { options: options.map((name) => ({ label: name, name })) } : {})
        }))
    ].map((p) => ({ ...p }) as Param)

/** A chatflow node's output anchors: one per output, or an `output` choice among several (as the canvas draws them). */
const chatflowOutputAnchors = (definition: CatalogEntry, id: string): Record<string, unknown>[] => {
    if (definition.canvas?.hideOutput) return []
    const declared =
        (definition.canvas?.outputs as Record<string, unknown>[] | undefined) ??
        (definition.outputs.length > 1 ? definition.outputs.map((o): Record<string, unknown> => ({ ...o })) : undefined)
    if (declared?.length) {
        const options = declared.map((o) => {
            const classes = (o.baseClasses as string[] | undefined) ?? []
            return {
                id: `${id}-output-${o.name as string}-${classes.join('|')}`,
                name: o.name,
                label: o.label,
                description: o.description ?? '',
                type: classes.join(' | '),
                ...(o.isAnchor !== undefined ? { isAnchor: o.isAnchor } : {}),
                ...(o.hidden !== undefined ? { hidden: o.hidden } : {})
            }
        })
        return [
            {
                name: 'output',
                label: 'Output',
                type: 'options',
                description: declared[0].description ?? '',
                options,
                default: declared[0].name
            }
        ]
    }
    return [
        {
            id: `${id}-output-${definition.name}-${definition.baseClasses.join('|')}`,
            name: definition.name,
            label: definition.type,
            description: definition.description,
            type: definition.baseClasses.join(' | ')
        }
    ]
}

/** An Agentflow v2 node's output anchors: numbered when it declares outputs (a condition's branches), else one named after it. */
const agentflowOutputAnchors = (definition: CatalogEntry, id: string): Record<string, unknown>[] => {
    if (definition.canvas?.hideOutput) return []
    const declared = definition.canvas?.outputs as Record<string, unknown>[] | undefined
    return declared?.length
        ? declared.map((_, i) => ({ id: `${id}-output-${i}`, label: definition.label, name: definition.name }))
        : [{ id: `${id}-output-${definition.name}`, label: definition.label, name: definition.name }]
}

/**
 * A canvas node built from a node's current definition exactly as Flowise's canvas builds one
 * when a node is dropped (`initNode` in Flowise's UI): every input with all its fields and its
 * handle id, parameters and anchors split by the canvas's own list of parameter types, the
 * credential parameter first among the parameters and `credential: ''` until one is chosen,
 * every input present in `data.inputs` (its default, or ''), show/hide conditions evaluated
 * into `display`, and output anchors as the chatflow or Agentflow v2 canvas draws them.
 * `inputs` and `credential` are then set as a user would set them.
 */
export const createFlowNode = (
    definition: CatalogEntry,
    id: string,
    position: { x: number; y: number },
    inputs: Record<string, unknown> = {},
    credential?: string
): FlowNode => {
    const agentflow = isAgentflowV2Node(definition)
    const all = inputsOf(definition).map((input) => ({ ...input, id: `${id}-input-${input.name}-${input.type}` }))
    const inputParams = all.filter((input) => PARAMETER_TYPES.has(input.type))
    const inputAnchors = all.filter((input) => !PARAMETER_TYPES.has(input.type))
    const credentialParam = definition.canvas?.credential as Param | undefined
    if (credentialParam) inputParams.unshift({ ...credentialParam, id: `${id}-input-${credentialParam.name}-${credentialParam.type}` })
    const values: Record<string, unknown> = {
        ...Object.fromEntries(all.map((input) => [input.name, (input as Param).default || ''])),
        ...inputs
    }
    const outputAnchors = agentflow ? agentflowOutputAnchors(definition, id) : chatflowOutputAnchors(definition, id)
    const outputs =
        definition.canvas?.outputs || (!definition.canvas && definition.outputs.length > 1)
            ? Object.fromEntries(outputAnchors.map((o) => [o.name as string, (o as { default?: string }).default || '']))
            : {}
    return {
        id,
        type: agentflow ? 'agentFlow' : 'customNode',
        position,
        data: {
            id,
            label: definition.label,
            name: definition.name,
            version: definition.version,
            type: definition.type,
            category: definition.category,
            description: definition.description,
            baseClasses: [...definition.baseClasses],
            inputParams: applyShowHide(inputParams, values),
            inputAnchors: applyShowHide(inputAnchors, values),
            inputs: values,
            outputAnchors,
            outputs,
            ...(credentialParam ? { credential: credential ?? '' } : {})
        }
    }
}

/** The first free `<name>_<n>` id in a flow, as the canvas numbers nodes. */
export const nextNodeId = (name: string, taken: ReadonlySet<string>): string => {
    let n = 0
    while (taken.has(`${name}_${n}`)) n++
    return `${name}_${n}`
}

/**
 * Hands out free `<name>_<n>` ids one after another, each after the last one given: O(nodes)
 * in all, where calling {@link nextNodeId} for each new node would rescan from 0 every time.
 */
export const nodeIdAllocator = (name: string, nodes: readonly { id: string }[]): (() => string) => {
    const taken = new Set(nodes.map((n) => n.id))
    let n = 0
    return () => {
        while (taken.has(`${name}_${n}`)) n++
        const id = `${name}_${n}`
        taken.add(id)
        return id
    }
}
