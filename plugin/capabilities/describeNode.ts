import { deriveCapabilities } from './deriveCapabilities'
import type { AnchorSpec, CanvasDefinition, CatalogEntry, OutputSpec, ParamSpec } from './types'

/**
 * Input types that Flowise edits on the node itself; every other input type names a class
 * and is an anchor, connected from another node's output (as Flowise's canvas decides: its
 * `initNode` list, plus `credential`).
 */
export const PARAMETER_TYPES: ReadonlySet<string> = new Set([
    'array',
    'conditionFunction',
    'asyncOptions',
    'asyncMultiOptions',
    'options',
    'multiOptions',
    'datagrid',
    'string',
    'number',
    'boolean',
    'password',
    'json',
    'code',
    'date',
    'file',
    'folder',
    'tabs',
    'credential'
])

/** The shape of a Flowise node instance, as far as the catalog reads it. */
export interface NodeInstanceLike {
    name: string
    label?: string
    type?: string
    category?: string
    version?: number
    description?: string
    baseClasses?: string[]
    badge?: string
    tags?: string[]
    author?: string
    credential?: { credentialNames?: string[] }
    inputs?: {
        name: string
        label?: string
        type: string
        list?: boolean
        optional?: boolean | object
        additionalParams?: boolean
        default?: unknown
        options?: { name: string }[]
        loadMethod?: string
    }[]
    outputs?: { name: string; label?: string; baseClasses?: string[] }[]
    hideOutput?: boolean
}

/** A JSON copy (what the host's `GET /api/v1/nodes` sends: functions and undefined fields dropped). */
const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

const canvasDefinition = (node: NodeInstanceLike): CanvasDefinition => ({
    ...(node.inputs ? { inputs: jsonCopy(node.inputs) } : {}),
    ...(node.credential ? { credential: jsonCopy(node.credential) } : {}),
    ...(node.outputs ? { outputs: jsonCopy(node.outputs) } : {}),
    ...(node.hideOutput ? { hideOutput: true } : {})
})

/** Describes one node instance (pure): inputs split into anchors and parameters, outputs, capabilities. */
export const describeNode = (node: NodeInstanceLike, filePath: string, hash: string): CatalogEntry => {
    const inputs = node.inputs ?? []
    const baseClasses = node.baseClasses ?? []
    const anchors: AnchorSpec[] = inputs
        .filter((input) => !PARAMETER_TYPES.has(input.type))
        .map((input) => ({
            name: input.name,
            label: input.label ?? input.name,
            type: input.type,
            list: input.list === true,
            optional: input.optional === true
        }))
    const params: ParamSpec[] = inputs
        .filter((input) => PARAMETER_TYPES.has(input.type))
        .map((input) => ({
            name: input.name,
            label: input.label ?? input.name,
            type: input.type,
            optional: input.optional === true,
            additional: input.additionalParams === true,
            ...(input.default !== undefined ? { default: input.default } : {}),
            ...(input.options ? { options: input.options.map((o) => o.name) } : {}),
            ...(input.loadMethod ? { loadMethod: input.loadMethod } : {})
        }))
    // A node without declared outputs has one output: itself, with its base classes.
    const outputs: OutputSpec[] = node.outputs?.length
        ? node.outputs.map((o) => ({ name: o.name, label: o.label ?? o.name, baseClasses: o.baseClasses ?? [] }))
        : [{ name: node.name, label: node.type ?? node.name, baseClasses }]
    const described = {
        name: node.name,
        label: node.label ?? node.name,
        type: node.type ?? node.name,
        category: node.category ?? 'Uncategorized',
        version: node.version ?? 1,
        description: node.description ?? '',
        baseClasses,
        anchors,
        params,
        outputs,
        credentialNames: node.credential?.credentialNames ?? [],
        ...(node.author ? { author: node.author } : {}),
        badges: [...(node.badge ? [node.badge] : []), ...(node.tags ?? [])],
        filePath,
        hash,
        canvas: canvasDefinition(node)
    }
    return { ...described, capabilities: deriveCapabilities(described) }
}
