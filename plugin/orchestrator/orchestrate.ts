import type { FlowData } from '../flow/flowData'
import { validateFlow, type ValidationReport } from '../flow/validateFlow'
import type { FlowEstimate } from '../optimizer/estimateFlow'
import { roundMs, roundReportForPeople } from '../format/roundForPeople'
import { optimizeFlow } from '../optimizer/optimizeFlow'
import type { ModelProfile } from '../router/types'
import type { SecurityLevel } from '../security/securityLevel'
import { composeAgentflow } from './compose/composeAgentflow'
import { composeChatflow } from './compose/composeChatflow'
import { planModels } from './compose/modelPlan'
import type { ComposeContext, ComposeMaterial, ComposeResult, ComposerCatalog, Composition } from './compose/types'
import { interpretByRules } from './planners/rulesPlanner'
import { PlannerUnavailableError, type Planner, type PlannerInfo, type PlanResult } from './planners/types'
import { checkGeneratedNodes, decideSecurity, type SecurityCheck } from './securityChecks'
import { TOOL_KINDS, withCapabilities, type RequestedCapability, type RequirementSpec } from './spec'

/** What a caller asks (the route's body, validated). */
export interface OrchestrateRequest {
    readonly query: string
    readonly type: 'chatflow' | 'agentflow' | 'auto'
    readonly constraints: {
        readonly maxCostUsd?: number
        readonly maxLatencyMs?: number
        readonly minQuality?: number
        readonly preferredModels?: readonly string[]
        readonly requireLocal?: boolean
        readonly securityLevel: SecurityLevel
        readonly capabilities?: readonly RequestedCapability[]
    }
    readonly material: ComposeMaterial
    readonly name?: string
}

/** What the orchestrator needs from its host, passed in (the engine itself does no I/O). */
export interface OrchestrateDeps {
    readonly catalog: ComposerCatalog
    /** Tried in order; the rules interpreter is always tried last. */
    readonly planners: readonly Planner[]
    readonly profiles?: readonly ModelProfile[]
    readonly latencyOf: (model: ModelProfile) => number | undefined
    readonly credentials: ReadonlyMap<string, string>
    readonly proxyCredentialId?: string
    readonly proxyUrl?: string
    readonly embeddingModel?: string
    readonly estimate?: (flow: FlowData) => FlowEstimate
    /** Stage timings are reported here (trace spans). */
    readonly span?: (
        name: 'interpret' | 'compose' | 'optimize' | 'validate',
        startedAt: number,
        finishedAt: number,
        status: 'ok' | 'error'
    ) => void
    readonly signal?: AbortSignal
}

/** A range of a figure per request: fewest calls, usual, most (max undefined when an agent has no bound). */
export interface FigureRange {
    readonly min?: number
    readonly typical?: number
    readonly max?: number
}

export interface OrchestrateAnswer {
    readonly flow: { readonly type: 'CHATFLOW' | 'AGENTFLOW'; readonly name: string; readonly flowData: string }
    readonly explanation: string
    readonly estimatedCostUsd: FigureRange
    readonly estimatedLatencyMs: FigureRange
    readonly confidence: number
    readonly alternatives: readonly { readonly type: string; readonly componentsUsed: readonly string[]; readonly explanation: string }[]
    readonly questions: readonly string[]
    readonly metadata: {
        readonly generationMs: number
        readonly planner: PlannerInfo
        readonly spec: RequirementSpec
        readonly componentsUsed: readonly string[]
        readonly modelsSelected: readonly { readonly model: string; readonly reason: string }[]
        readonly optimizations: readonly { readonly pass: string; readonly reason: string }[]
        readonly validation: ValidationReport
        readonly securityChecks: readonly SecurityCheck[]
    }
}

/** No flow of any type can be built for the request; `missing` names what the catalog lacks. */
export class UnsatisfiableRequestError extends Error {
    readonly status = 422
    readonly code = 'unsatisfiable'
    readonly retryable = false
    constructor(
        readonly missing: readonly string[],
        readonly explanation: string,
        readonly securityChecks: readonly SecurityCheck[]
    ) {
        super(explanation)
        this.name = 'UnsatisfiableRequestError'
    }
}

const timed = async <T>(
    deps: OrchestrateDeps,
    name: Parameters<NonNullable<OrchestrateDeps['span']>>[0],
    work: () => T | Promise<T>
): Promise<T> => {
    const startedAt = Date.now()
    try {
        const result = await work()
        deps.span?.(name, startedAt, Date.now(), 'ok')
        return result
    } catch (error) {
        deps.span?.(name, startedAt, Date.now(), 'error')
        throw error
    }
}

/** Runs the planners in order; a planner that cannot plan hands over to the next, and the rules always answer. */
export const interpret = async (
    planners: readonly Planner[],
    request: Pick<OrchestrateRequest, 'query' | 'type'>,
    signal?: AbortSignal
): Promise<PlanResult> => {
    const reasons: string[] = []
    for (const planner of planners) {
        try {
            return await planner.plan({ query: request.query, type: request.type, signal })
        } catch (error) {
            if (!(error instanceof PlannerUnavailableError)) throw error
            reasons.push(error.message)
        }
    }
    const result = interpretByRules(request.query, request.type)
    return reasons.length > 0 ? { ...result, planner: { ...result.planner, fallbackReason: reasons.join('; ') } } : result
}

const range = (estimate: FlowEstimate | undefined, pick: 'cost' | 'latency'): FigureRange => {
    if (!estimate) return {}
    if (pick === 'cost') return { min: estimate.costRangeUsd?.min, typical: estimate.costUsd, max: estimate.costRangeUsd?.max }
    const typical = estimate.latencyMs
    if (typical === undefined || estimate.calls.typical === 0) return { typical }
    const perCall = typical / estimate.calls.typical
    return { min: perCall * estimate.calls.min, typical, max: estimate.calls.max !== undefined ? perCall * estimate.calls.max : undefined }
}

/**
 * The orchestrator: interpret (LLM planner, else rules) → security decision → compose the flow
 * from the catalog (chatflow or Agentflow v2; with type `auto`, the other type when the first
 * cannot be built) → optimize and validate → estimate. Throws {@link UnsatisfiableRequestError}
 * when no type can be built; the flow it returns always validates.
 */
export const orchestrate = async (request: OrchestrateRequest, deps: OrchestrateDeps): Promise<OrchestrateAnswer> => {
    const started = performance.now()
    const plan = await timed(deps, 'interpret', () => interpret(deps.planners, request, deps.signal))
    const limits = {
        maxCostUsd: request.constraints.maxCostUsd ?? plan.spec.limits.maxCostUsd,
        maxLatencyMs: request.constraints.maxLatencyMs ?? plan.spec.limits.maxLatencyMs,
        minQuality: request.constraints.minQuality ?? plan.spec.limits.minQuality
    }
    const security = decideSecurity(
        request.query,
        withCapabilities(plan.spec, request.constraints.capabilities ?? []),
        request.constraints.securityLevel,
        TOOL_KINDS.filter((kind) => request.constraints.capabilities?.includes(kind))
    )
    const checks: SecurityCheck[] = [...security.checks]
    const spec = security.spec
    const models = planModels({
        spec,
        limits,
        preferredModels: request.constraints.preferredModels ?? [],
        securityLevel: request.constraints.securityLevel,
        profiles: deps.profiles,
        latencyOf: deps.latencyOf
    })
    const composeAs = (flowType: 'chatflow' | 'agentflow'): ComposeResult => {
        const context: ComposeContext = {
            catalog: deps.catalog,
            spec: { ...spec, flowType },
            securityLevel: request.constraints.securityLevel,
            allowedRisky: security.allowedRisky,
            credentials: deps.credentials,
            proxyCredentialId: deps.proxyCredentialId,
            proxyUrl: deps.proxyUrl,
            embeddingModel: deps.embeddingModel,
            models,
            material: request.material
        }
        return flowType === 'agentflow' ? composeAgentflow(context) : composeChatflow(context)
    }
    const { chosen, other, notes } = await timed(deps, 'compose', () => {
        const first = composeAs(spec.flowType)
        const otherType = spec.flowType === 'agentflow' ? 'chatflow' : 'agentflow'
        // Conditions and loops only exist in agentflows; the other type is an alternative only when it keeps them.
        const second = spec.conditions || spec.loops ? undefined : composeAs(otherType)
        if (first.ok) return { chosen: first, other: second, notes: [] as string[] }
        if (request.type === 'auto' && second?.ok)
            return {
                chosen: second,
                other: undefined,
                notes: [`a ${spec.flowType} cannot be built (${first.explanation}); built as ${otherType}`]
            }
        throw new UnsatisfiableRequestError(first.missing, first.explanation, checks)
    })
    const composed = chosen as Composition
    const optimized = await timed(deps, 'optimize', () =>
        optimizeFlow(composed.flow, {
            definitions: (name) => deps.catalog.get(name),
            constraints: { ...limits, preferredModels: request.constraints.preferredModels },
            // The router is already every model, and limits no model meets are a question here, not a refusal.
            disable: ['route-through-router'],
            estimate: deps.estimate
        })
    )
    const validation = await timed(deps, 'validate', () => validateFlow(optimized.flow, (name) => deps.catalog.get(name)))
    checks.push(checkGeneratedNodes(optimized.flow, (name) => deps.catalog.get(name), security.allowedRisky))
    const questions = [...composed.questions, ...(models.problem ? [`Models: ${models.problem}`] : [])]
    if (plan.uncertain.includes('retrieval source') && spec.retrieval?.source === 'unspecified')
        questions.unshift('What should it answer from (PDF, text, a web page, a document store)? The flow reads plain text until you say.')
    const estimate = optimized.report.estimate?.after
    const confidence = Math.max(
        0.1,
        Math.min(0.95, (plan.planner.kind === 'llm' ? 0.85 : 0.7) - 0.1 * questions.length - 0.05 * plan.uncertain.length)
    )
    return {
        flow: { type: composed.type, name: request.name ?? (spec.purpose.slice(0, 80) || 'Generated flow'), flowData: optimized.flowData },
        explanation: [...composed.explanation, ...notes].join('; ') + '.',
        // Rounded by the unit the field names give (money, durations).
        ...roundReportForPeople({ estimatedCostUsd: range(estimate, 'cost'), estimatedLatencyMs: range(estimate, 'latency') }),
        confidence: Math.round(confidence * 100) / 100,
        alternatives: other?.ok
            ? [{ type: other.type, componentsUsed: other.componentsUsed, explanation: other.explanation.join('; ') }]
            : [],
        questions,
        metadata: {
            generationMs: roundMs(performance.now() - started),
            planner: plan.planner,
            spec,
            componentsUsed: composed.componentsUsed,
            modelsSelected: models.selected,
            optimizations: optimized.report.changes.map((c) => ({ pass: c.pass, reason: c.reason })),
            validation,
            securityChecks: checks
        }
    }
}
