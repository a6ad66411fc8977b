import { selectModel } from '../../router/selectModel'
import type { Capability, ModelProfile, TaskCategory } from '../../router/types'
import { ESTIMATE_REQUEST } from '../../optimizer/estimateFlow'
import type { SecurityLevel } from '../../security/securityLevel'
import type { RequirementSpec } from '../spec'
import type { ModelPlan } from './types'

/** How many candidates a generated router node gets: the best, and fallbacks. */
const CANDIDATES = 3

export interface ModelPlanRequest {
    readonly spec: RequirementSpec
    readonly limits: { readonly maxCostUsd?: number; readonly maxLatencyMs?: number; readonly minQuality?: number }
    readonly preferredModels: readonly string[]
    readonly securityLevel: SecurityLevel
    /** The proxy's models with measured quality applied, or undefined when the proxy could not be asked. */
    readonly profiles?: readonly ModelProfile[]
    readonly latencyOf: (model: ModelProfile) => number | undefined
}

/** Capabilities the flow's models need. */
export const requiredCapabilities = (spec: RequirementSpec): Capability[] => [
    ...(spec.tools.length > 0 || spec.flowType === 'agentflow' ? (['tools'] as const) : []),
    ...(spec.vision ? (['vision'] as const) : []),
    ...(spec.structuredOutput ? (['json'] as const) : [])
]

/**
 * The router settings of a generated flow (pure): the request's limits as per-request limits, the
 * capabilities the flow needs, and as candidates the proxy's models the router's own policy
 * admits and ranks (quality measured by evaluation for the request's category where runs exist),
 * with the reason each was chosen. Demo models are left out: they answer nothing real.
 */
export const planModels = (request: ModelPlanRequest): ModelPlan & { readonly problem?: string } => {
    const { spec, limits } = request
    const required = requiredCapabilities(spec)
    const category: TaskCategory = spec.category
    const routerInputs: Record<string, unknown> = {
        strategy: limits.minQuality !== undefined ? 'quality-first' : limits.maxCostUsd !== undefined ? 'cost-based' : 'balanced',
        taskCategory: category,
        ...(limits.minQuality !== undefined ? { minQuality: limits.minQuality } : {}),
        ...(limits.maxCostUsd !== undefined ? { maxCostPerRequest: limits.maxCostUsd } : {}),
        ...(limits.maxLatencyMs !== undefined ? { maxLatencyMs: limits.maxLatencyMs } : {}),
        ...(required.length > 0 ? { requiredCapabilities: JSON.stringify(required) } : {}),
        ...(request.preferredModels.length > 0 ? { preferredModels: JSON.stringify(request.preferredModels) } : {}),
        streaming: spec.streaming,
        allowImageUploads: spec.vision,
        temperature: 0.7,
        securityLevel: request.securityLevel
    }
    const profiles = (request.profiles ?? []).filter((p) => !p.demo)
    if (!request.profiles)
        return {
            routerInputs: { ...routerInputs, candidateModels: '' },
            selected: [],
            problem: 'the LiteLLM proxy could not be asked for its models'
        }
    const decision = selectModel(
        profiles,
        {
            ...ESTIMATE_REQUEST,
            required,
            category,
            minQuality: limits.minQuality,
            maxCostUsd: limits.maxCostUsd,
            maxLatencyMs: limits.maxLatencyMs,
            preferred: request.preferredModels,
            strategy: routerInputs.strategy as 'balanced'
        },
        request.latencyOf
    )
    const chosen = decision.ranked.slice(0, CANDIDATES)
    const selected = chosen.map((c, i) => ({
        model: c.model.name,
        reason: `${i === 0 ? 'first choice' : `fallback ${i}`} by the router's ${decision.strategy} policy: ~$${c.costUsd.toPrecision(2)} per call${
            c.quality !== undefined
                ? `, quality ${c.quality.toFixed(2)} for ${category}${c.model.measuredBy ? ` (measured by evaluation run ${c.model.measuredBy})` : ' (configured prior)'}`
                : ''
        }${c.latencyMs !== undefined ? `, ~${Math.round(c.latencyMs)} ms` : ''}`
    }))
    const problem =
        chosen.length === 0
            ? `no proxy model meets the limits and capabilities (${decision.excluded.map((e) => `${e.model}: ${e.detail}`).join('; ') || 'the proxy has no models'})`
            : undefined
    return { routerInputs: { ...routerInputs, candidateModels: JSON.stringify(chosen.map((c) => c.model.name)) }, selected, problem }
}
