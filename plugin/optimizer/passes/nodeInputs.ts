import type { FlowData, FlowNode } from '../../flow/flowData'

/** A number from a node input, which the canvas may store as a number, a numeric string or blank. */
export const numericInput = (value: unknown): number | undefined => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

/** Whether an input holds nothing: the canvas stores an unset input as missing, null or "". */
export const isBlank = (value: unknown): boolean => value === undefined || value === null || value === ''

/** The flow with some nodes' inputs replaced (others keep their identity). */
export const withInputs = (flow: FlowData, updates: ReadonlyMap<string, Record<string, unknown>>): FlowData =>
    updates.size === 0
        ? flow
        : {
              ...flow,
              nodes: flow.nodes.map((node: FlowNode) =>
                  updates.has(node.id)
                      ? { ...node, data: { ...node.data, inputs: { ...node.data.inputs, ...updates.get(node.id) } } }
                      : node
              )
          }
