import type { FlowData } from '../flow/flowData'
import { selectModel, type LatencyLookup } from '../router/selectModel'
import { parseRouterSettings } from '../router/settingsSchema'
import type { ModelProfile, SelectionRequest } from '../router/types'
import { ESTIMATE_REQUEST } from './estimateFlow'
import type { OptimizeConstraints } from './types'

/** Why one model cannot serve a request under the limits. */
export interface ModelExclusion {
    readonly model: string
    readonly reason: string
}

/** Limits no model can meet: refused before anything is changed (HTTP 422), with each model and why. */
export class ImpossibleConstraintsError extends Error {
    readonly status = 422
    readonly code = 'impossible-constraints'
    readonly retryable = false
    constructor(
        readonly where: string,
        readonly models: readonly ModelExclusion[]
    ) {
        super(
            `No model can meet these limits ${where}, so every request would fail; loosen them or add a model to the proxy:\n` +
                (models.length > 0 ? models.map((m) => `  - ${m.model}: ${m.reason}`).join('\n') : '  - the proxy has no models')
        )
        this.name = 'ImpossibleConstraintsError'
    }
}

const ROUTER = 'liteLLMRouter'

const stricter = (a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) =>
    a === undefined ? b : b === undefined ? a : pick(a, b)

/**
 * Throws {@link ImpossibleConstraintsError} when the user's cost, latency and quality limits
 * leave no model of the proxy for a request of {@link ESTIMATE_REQUEST}'s size, or leave none
 * of a router node's own candidates once its limits are tightened to them.
 */
export const checkConstraints = (
    flow: FlowData,
    constraints: OptimizeConstraints,
    models: readonly ModelProfile[],
    latencyOf: LatencyLookup
): void => {
    const { maxCostUsd, maxLatencyMs, minQuality } = constraints
    if (maxCostUsd === undefined && maxLatencyMs === undefined && minQuality === undefined) return
    const request: SelectionRequest = {
        ...ESTIMATE_REQUEST,
        required: [],
        category: 'general',
        minQuality,
        maxCostUsd,
        maxLatencyMs,
        preferred: [],
        strategy: 'balanced'
    }
    const decide = (candidates: readonly ModelProfile[], where: string, overrides: Partial<SelectionRequest> = {}) => {
        const decision = selectModel(candidates, { ...request, ...overrides }, latencyOf)
        if (decision.ranked.length === 0)
            throw new ImpossibleConstraintsError(
                where,
                decision.excluded.map((e) => ({ model: e.model, reason: e.detail }))
            )
    }
    decide(models, `(maxCostUsd ${maxCostUsd ?? '–'}, maxLatencyMs ${maxLatencyMs ?? '–'}, minQuality ${minQuality ?? '–'})`)
    const byName = new Map(models.map((m) => [m.name, m]))
    for (const node of flow.nodes) {
        if (node.data.name !== ROUTER) continue
        let settings
        try {
            settings = parseRouterSettings(node.data.inputs)
        } catch {
            continue // an invalid router node fails in Flowise as it is; the limits do not change that
        }
        const candidates = settings.candidateModels.map((name) => byName.get(name)).filter((m): m is ModelProfile => m !== undefined)
        if (candidates.length === 0) continue // none of its models is in the proxy: it fails as it is, limits or not
        decide(candidates, `on ${node.id} (its candidates ${settings.candidateModels.join(', ')})`, {
            outputTokens: settings.maxTokens ?? settings.defaultOutputTokens,
            category: settings.taskCategory,
            required: settings.requiredCapabilities,
            maxCostUsd: stricter(settings.maxCostPerRequest, maxCostUsd, Math.min),
            maxLatencyMs: stricter(settings.maxLatencyMs, maxLatencyMs, Math.min),
            minQuality: stricter(settings.minQuality, minQuality, Math.max)
        })
    }
}
