import type { RequirementSpec } from '../spec'

/** What a planner is asked: the user's words and the flow type they asked for. */
export interface PlanRequest {
    /** The user's request, untrusted text (already bounded by the route). */
    readonly query: string
    readonly type: 'chatflow' | 'agentflow' | 'auto'
    /** Aborts a planner that calls out (the orchestrator's time limit). */
    readonly signal?: AbortSignal
}

/** Which planner produced a spec, as the answer reports it. */
export interface PlannerInfo {
    readonly kind: 'llm' | 'rules'
    /** The model that planned (LLM planner). */
    readonly model?: string
    /** Why an earlier planner's answer was not used, when one was tried. */
    readonly fallbackReason?: string
    /** Whether the LLM's first answer failed validation and a repair round was needed. */
    readonly repaired?: boolean
}

export interface PlanResult {
    readonly spec: RequirementSpec
    readonly planner: PlannerInfo
    /** Parts of the request the planner was unsure about (they become questions). */
    readonly uncertain: readonly string[]
}

/** A planner could not produce a spec (no model, proxy down, time-out, answers that never validated): the next planner is tried. */
export class PlannerUnavailableError extends Error {
    readonly retryable = true
    constructor(message: string) {
        super(message)
        this.name = 'PlannerUnavailableError'
    }
}

/**
 * Turns a request in words into a requirement spec (`plan` resolves with a spec that passes
 * `requirementSpecSchema`, normalized, or rejects with {@link PlannerUnavailableError}). One file
 * per planner; a shared conformance suite checks every one.
 */
export interface Planner {
    readonly kind: PlannerInfo['kind']
    plan(request: PlanRequest): Promise<PlanResult>
}
