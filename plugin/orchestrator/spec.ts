import { z } from 'zod'
import { TASK_CATEGORIES } from '../router/types'

/**
 * The requirement spec: WHAT a requested flow needs, as a planner (an LLM or the rules) reads it
 * from the user's words. It never names nodes or edges; the composer decides how to build it.
 */

/** Workflow shapes, from the simplest. */
export const SHAPES = ['chat', 'chain', 'retrieval', 'tool-agent', 'multi-step'] as const
export type Shape = (typeof SHAPES)[number]

/** Kinds of source a retrieval flow reads; `unspecified` when the request names none (the answer then asks). */
export const SOURCE_KINDS = ['pdf', 'text', 'csv', 'docx', 'json', 'web', 'document-store', 'unspecified'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

/** Tools by capability (the composer picks the node). */
export const TOOL_KINDS = ['calculator', 'datetime', 'web-search', 'web-request', 'web-browser', 'code', 'files'] as const
export type ToolKind = (typeof TOOL_KINDS)[number]

export const LANGUAGES = ['en', 'es', 'other'] as const
export type Language = (typeof LANGUAGES)[number]

export const FLOW_KINDS = ['chatflow', 'agentflow'] as const
export type FlowKind = (typeof FLOW_KINDS)[number]

/** Limits a planner read from the words ("under a cent", "fast"); the request's own constraints win over them. */
export const statedLimitsSchema = z
    .object({
        maxCostUsd: z.number().positive().max(100).optional(),
        maxLatencyMs: z.number().int().positive().max(600_000).optional(),
        minQuality: z.number().min(0).max(1).optional()
    })
    .strict()

export const requirementSpecSchema = z
    .object({
        flowType: z.enum(FLOW_KINDS),
        shape: z.enum(SHAPES),
        memory: z.boolean(),
        /** What retrieval reads; absent when the flow retrieves nothing. */
        retrieval: z
            .object({ source: z.enum(SOURCE_KINDS) })
            .strict()
            .optional(),
        tools: z.array(z.enum(TOOL_KINDS)).max(TOOL_KINDS.length),
        structuredOutput: z.boolean(),
        vision: z.boolean(),
        streaming: z.boolean(),
        /** Multi-step agentflows: a branch on a condition, a loop back. */
        conditions: z.boolean(),
        loops: z.boolean(),
        /** The router's task category for the flow's models. */
        category: z.enum(TASK_CATEGORIES),
        language: z.enum(LANGUAGES),
        limits: statedLimitsSchema,
        /** What the flow is for, in a few words (its name and its model's instructions). */
        purpose: z.string().max(200)
    })
    .strict()

export type RequirementSpec = z.infer<typeof requirementSpecSchema>

/** The spec of a plain chat with nothing else, the base every planner starts from. */
export const BASE_SPEC: RequirementSpec = {
    flowType: 'chatflow',
    shape: 'chat',
    memory: false,
    tools: [],
    structuredOutput: false,
    vision: false,
    streaming: false,
    conditions: false,
    loops: false,
    category: 'general',
    language: 'en',
    limits: {},
    purpose: ''
}

/**
 * Makes a spec consistent (pure): tools make a tool agent, retrieval a retrieval flow (unless an
 * agent or multi-step flow uses it), conditions or loops a multi-step agentflow, no retrieval
 * without a source kind (a retrieval shape with none reads an `unspecified` source), no duplicate tools.
 */
export const normalizeSpec = (spec: RequirementSpec): RequirementSpec => {
    const tools = [...new Set(spec.tools)]
    const retrieval = spec.retrieval ?? (spec.shape === 'retrieval' ? { source: 'unspecified' as const } : undefined)
    let shape = spec.shape
    if (spec.conditions || spec.loops) shape = 'multi-step'
    else if (tools.length > 0 && shape !== 'multi-step') shape = 'tool-agent'
    else if (retrieval && (shape === 'chat' || shape === 'chain')) shape = 'retrieval'
    return {
        ...spec,
        retrieval,
        tools,
        shape,
        flowType: shape === 'multi-step' ? 'agentflow' : spec.flowType
    }
}

/** Capabilities a request may demand outright (`constraints.capabilities`), whatever its words say. */
export const REQUESTED_CAPABILITIES = ['memory', 'retrieval', 'structured-output', 'vision', 'streaming', ...TOOL_KINDS] as const
export type RequestedCapability = (typeof REQUESTED_CAPABILITIES)[number]

/** The spec with the demanded capabilities switched on (pure). */
export const withCapabilities = (spec: RequirementSpec, capabilities: readonly RequestedCapability[]): RequirementSpec => {
    const has = (c: RequestedCapability) => capabilities.includes(c)
    return normalizeSpec({
        ...spec,
        memory: spec.memory || has('memory'),
        retrieval: spec.retrieval ?? (has('retrieval') ? { source: 'unspecified' } : undefined),
        structuredOutput: spec.structuredOutput || has('structured-output'),
        vision: spec.vision || has('vision'),
        streaming: spec.streaming || has('streaming'),
        tools: [...spec.tools, ...TOOL_KINDS.filter(has)]
    })
}
