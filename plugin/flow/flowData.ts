import { z } from 'zod'

/** Largest `flowData` accepted (bytes of JSON): far above real chatflows, low enough to protect the host. */
export const MAX_FLOW_BYTES = 5 * 1024 * 1024

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

const flowDataSchema = z.object({ nodes: z.array(nodeSchema), edges: z.array(edgeSchema) }).passthrough()

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
    const parsed = flowDataSchema.safeParse(value)
    if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new InvalidFlowDataError(`${issue.path.join('.') || 'the document'}: ${issue.message}`)
    }
    return parsed.data
}
