/** The parts of a Flowise input handle `<nodeId>-input-<inputName>-<type>`. */
export interface InputHandle {
    readonly nodeId: string
    readonly inputName: string
    readonly type: string
}

/** The parts of a Flowise output handle `<nodeId>-output-<outputName>-<class>|<class>…`. */
export interface OutputHandle {
    readonly nodeId: string
    readonly outputName: string
    readonly classes: readonly string[]
}

/** Reads an input handle of node `nodeId` (node ids contain dashes, so the id is matched, not split). */
export const parseInputHandle = (handle: string, nodeId: string): InputHandle | undefined => {
    const prefix = `${nodeId}-input-`
    if (!handle.startsWith(prefix)) return undefined
    const rest = handle.slice(prefix.length)
    const dash = rest.indexOf('-')
    if (dash <= 0) return undefined
    return { nodeId, inputName: rest.slice(0, dash), type: rest.slice(dash + 1) }
}

export const parseOutputHandle = (handle: string, nodeId: string): OutputHandle | undefined => {
    const prefix = `${nodeId}-output-`
    if (!handle.startsWith(prefix)) return undefined
    const rest = handle.slice(prefix.length)
    const dash = rest.indexOf('-')
    if (dash <= 0) return undefined
    return { nodeId, outputName: rest.slice(0, dash), classes: rest.slice(dash + 1).split('|') }
}

/** The `data.inputs` value that refers to another node's instance. */
export const instanceReference = (nodeId: string) => `{{${nodeId}.data.instance}}`

const REFERENCES = /\{\{([^{}]+?)\.data\.instance\}\}/g

/**
 * The node ids a `data.inputs` value refers to: the whole value for an anchor, or references
 * inside text for a parameter that takes a connection (a prompt's `promptValues` JSON, say).
 */
export const referencedNodes = (value: unknown): string[] => {
    const values = Array.isArray(value) ? value : [value]
    return values.flatMap((v) => (typeof v === 'string' ? [...v.matchAll(REFERENCES)].map((m) => m[1]) : []))
}

/**
 * Points every instance reference to a replaced node at its replacement; a list input that held
 * both a node and its replacement holds the replacement once.
 */
export const rewriteReferences = (value: unknown, replacement: ReadonlyMap<string, string>): unknown => {
    if (typeof value === 'string')
        return value.replace(REFERENCES, (whole, id: string) => (replacement.has(id) ? instanceReference(replacement.get(id)!) : whole))
    if (Array.isArray(value)) return [...new Set(value.map((v) => rewriteReferences(v, replacement)))]
    return value
}
