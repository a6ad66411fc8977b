import { z } from 'zod'
import { depthOver, MAX_NESTING_DEPTH } from '../limits/nesting'

/** Largest `flowData` accepted (bytes of JSON): far above real chatflows, low enough to protect the host. */
export const MAX_FLOW_BYTES = 5 * 1024 * 1024
/** Most nodes in one flow: real chatflows have tens. */
export const MAX_FLOW_NODES = 5_000
/** Most edges in one flow. */
export const MAX_FLOW_EDGES = 20_000

const nodeSchema = z
    .object({
        id: z.string().min(1),
        type: z.string().optional(),
        position: z.object({ x: z.number(), y: z.number() }).passthrough().optional(),
        data: z
            .object({
                id: z.string().optional(),
                name: z.string().min(1),
                label: z.string().optional(),
                category: z.string().optional(),
                inputs: z.record(z.string(), z.unknown()).optional(),
                outputs: z.record(z.string(), z.unknown()).optional()
            })
            .passthrough()
    })
    .passthrough()

const edgeSchema = z
    .object({
        id: z.string().optional(),
        source: z.string().min(1),
        target: z.string().min(1),
        // Empty handles occur in exported flows (Flowise runs them: it reads connections from data.inputs); validation reports them.
        sourceHandle: z.string(),
        targetHandle: z.string(),
        type: z.string().optional()
    })
    .passthrough()

const flowDataSchema = z
    .object({
        nodes: z.array(nodeSchema).max(MAX_FLOW_NODES, `a flow has at most ${MAX_FLOW_NODES} nodes`),
        edges: z.array(edgeSchema).max(MAX_FLOW_EDGES, `a flow has at most ${MAX_FLOW_EDGES} edges`)
    })
    .passthrough()

export type FlowNode = z.infer<typeof nodeSchema>
export type FlowEdge = z.infer<typeof edgeSchema>
/** A chatflow's `flowData`: nodes and edges as the Flowise canvas saves them. */
export type FlowData = z.infer<typeof flowDataSchema>

/** `flowData` that cannot be read at all; the message says where. */
export class InvalidFlowDataError extends Error {
    constructor(message: string) {
        super(`Invalid flowData: ${message}`)
        this.name = 'InvalidFlowDataError'
    }
}

/** Reads `flowData` given as the JSON string Flowise stores or as an object. Throws {@link InvalidFlowDataError}. */
export const parseFlowData = (input: unknown): FlowData => {
    let value = input
    if (typeof input === 'string') {
        if (Buffer.byteLength(input) > MAX_FLOW_BYTES) {
            throw new InvalidFlowDataError(`${Buffer.byteLength(input)} bytes is over the ${MAX_FLOW_BYTES}-byte limit`)
        }
        try {
            value = JSON.parse(input)
        } catch (error) {
            throw new InvalidFlowDataError(`not JSON (${(error as Error).message})`)
        }
    }
    // Before anything walks it: a 100,000-deep document overflows every recursive step after parsing.
    if (depthOver(value) !== undefined) throw new InvalidFlowDataError(`nested more than ${MAX_NESTING_DEPTH} levels deep`)
    // Counted before the schema checks every element of a huge list.
    const { nodes, edges } = (value ?? {}) as { nodes?: unknown; edges?: unknown }
    if (Array.isArray(nodes) && nodes.length > MAX_FLOW_NODES)
        throw new InvalidFlowDataError(`${nodes.length} nodes is over the limit of ${MAX_FLOW_NODES}`)
    if (Array.isArray(edges) && edges.length > MAX_FLOW_EDGES)
        throw new InvalidFlowDataError(`${edges.length} edges is over the limit of ${MAX_FLOW_EDGES}`)
    const parsed = flowDataSchema.safeParse(value)
    if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new InvalidFlowDataError(`${issue.path.join('.') || 'the document'}: ${issue.message}`)
    }
    return parsed.data
}
