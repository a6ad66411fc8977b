import type { CatalogEntry } from '../capabilities/types'
import type { FlowNode } from './flowData'

/**
 * A canvas node built from a node's current definition, the way Flowise's canvas builds one
 * when a node is dropped: handles for every input and output, defaults filled in.
 */
export const createFlowNode = (
    definition: CatalogEntry,
    id: string,
    position: { x: number; y: number },
    inputs: Record<string, unknown> = {}
): FlowNode => {
    const handle = <T extends { name: string; type: string }>(input: T) => ({ ...input, id: `${id}-input-${input.name}-${input.type}` })
    const defaults = Object.fromEntries(definition.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]))
    const outputAnchors =
        definition.outputs.length > 1
            ? [
                  {
                      name: 'output',
                      label: 'Output',
                      type: 'options',
                      options: definition.outputs.map((o) => ({
                          id: `${id}-output-${o.name}-${o.baseClasses.join('|')}`,
                          name: o.name,
                          label: o.label,
                          type: o.baseClasses.join(' | ')
                      })),
                      default: definition.outputs[0].name
                  }
              ]
            : definition.outputs.map((o) => ({
                  id: `${id}-output-${o.name}-${o.baseClasses.join('|')}`,
                  name: o.name,
                  label: o.label,
                  type: o.baseClasses.join(' | ')
              }))
    return {
        id,
        type: 'customNode',
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
            inputParams: definition.params.map((p) => handle({ ...p, options: p.options?.map((name) => ({ label: name, name })) })),
            inputAnchors: definition.anchors.map(handle),
            inputs: { ...defaults, ...inputs },
            outputAnchors,
            outputs: definition.outputs.length > 1 ? { output: definition.outputs[0].name } : {}
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
