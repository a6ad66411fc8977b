import type { FlowEdge, FlowNode } from '../../plugin/flow/flowData'

/** A connection being drawn on the chatflow canvas: source output handle to target input handle. */
export interface CanvasConnection {
    readonly source: string
    readonly sourceHandle: string
    readonly target: string
    readonly targetHandle: string
}

/** The types a handle id names: its last `-` segment, split on `|`. */
const handleTypes = (handle: string): string[] =>
    handle
        .split('-')
        .at(-1)!
        .split('|')
        .map((t) => t.trim())

/**
 * Whether Flowise's chatflow canvas lets this edge be drawn, by the rule its UI applies
 * (`isValidConnection` in packages/ui, canvas utilities): the source handle's base classes must
 * share a type with the target handle's accepted types, and an input that is not a list takes one
 * edge only. Re-stated here, not imported: the UI ships as a bundled browser build.
 */
export const canvasAcceptsConnection = (connection: CanvasConnection, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): boolean => {
    const produced = handleTypes(connection.sourceHandle)
    if (!handleTypes(connection.targetHandle).some((t) => produced.includes(t))) return false
    const target = nodes.find((n) => n.id === connection.target)
    if (!target) return !edges.some((e) => e.targetHandle === connection.targetHandle)
    const anchors = [
        ...((target.data.inputAnchors as { id: string; list?: boolean }[]) ?? []),
        ...((target.data.inputParams as { id: string; list?: boolean }[]) ?? [])
    ]
    const anchor = anchors.find((a) => a.id === connection.targetHandle)
    if (anchor?.list) return true
    return anchor !== undefined && !edges.some((e) => e.targetHandle === connection.targetHandle)
}
