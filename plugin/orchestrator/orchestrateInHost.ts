import { randomUUID } from 'node:crypto'
import { flowEstimator } from '../optimizer/estimateFlow'
import type { ChatflowScope } from '../routes/optimizerRoutes'
import { selectModel } from '../router/selectModel'
import type { ModelProfile } from '../router/types'
import type { HostServices } from '../runtime'
import { orchestrate, type OrchestrateAnswer, type OrchestrateRequest } from './orchestrate'
import { LlmPlanner } from './planners/llmPlanner'
import type { Planner } from './planners/types'

/** Providers whose models run on the user's own machines (`requireLocal`). */
const LOCAL_PROVIDERS = new Set(['ollama', 'ollama_chat', 'hosted_vllm', 'vllm', 'lm_studio', 'llamafile', 'xinference', 'local'])

/** The credential type embeddings through the proxy use (Flowise's OpenAI Embeddings node). */
const OPENAI_CREDENTIAL = 'openAIApi'

export interface OrchestratorOptions {
    /** The planner model's time for both rounds (ms). */
    readonly plannerTimeoutMs?: number
    /** A planner to try first instead of the proxy's (the benchmark's stand-in). */
    readonly planners?: readonly Planner[]
}

/**
 * The planner model, chosen by the router's own policy: the best proxy model (quality for
 * `instruction-following` first) that supports tool calling; none when the proxy has only demo
 * models or cannot be asked, and the rules then plan.
 */
export const choosePlannerModel = (profiles: readonly ModelProfile[] | undefined): string | undefined => {
    const real = (profiles ?? []).filter((p) => !p.demo)
    const decision = selectModel(
        real,
        {
            inputTokens: 1_500,
            outputTokens: 400,
            required: ['tools'],
            category: 'instruction-following',
            preferred: [],
            strategy: 'quality-first'
        },
        (m) => m.priorLatencyMs
    )
    return decision.ranked[0]?.model.name
}

export interface HostAnswer extends OrchestrateAnswer {
    readonly flowId?: string
    readonly canvasUrl?: string
}

const complexityOf = (nodes: number) => (nodes <= 3 ? 'simple' : nodes <= 7 ? 'medium' : 'complex')

/**
 * Orchestrates inside the running plugin: the catalog, the proxy's models (measured quality),
 * the workspace's credentials, an LLM planner on the proxy (rules when none can plan), then
 * saving into the caller's workspace when asked. Counted in `flow_generations_total` and
 * `orchestration_duration_seconds{workflow_type="orchestrate"}`, traced as `orchestration` with
 * one span per stage.
 */
export const orchestrateInHost = async (
    services: HostServices,
    scope: ChatflowScope,
    request: OrchestrateRequest & { readonly save?: boolean; readonly embeddingModel?: string },
    options: OrchestratorOptions = {}
): Promise<HostAnswer> => {
    const started = performance.now()
    const startedAt = Date.now()
    const spans: { name: string; startedAt: number; finishedAt: number; status: 'ok' | 'error' }[] = []
    const finish = (status: 'ok' | 'error', extra: { type?: string; nodes?: number; planner?: string; errorType?: string }) => {
        services.metrics.orchestrationDuration.observe({ workflow_type: 'orchestrate', status }, (performance.now() - started) / 1000)
        if (status === 'error') services.metrics.orchestrationErrors.inc({ type: extra.errorType ?? 'Error', component: 'orchestrator' })
        services.tracer.traceOrchestration({ id: randomUUID(), startedAt, finishedAt: Date.now(), status, spans, ...extra })
    }
    try {
        const catalog = await services.catalog()
        const [allProfiles, credentials] = await Promise.all([services.measuredProfiles(), services.chatflows.credentials(scope)])
        const profiles = request.constraints.requireLocal ? allProfiles?.filter((p) => LOCAL_PROVIDERS.has(p.provider)) : allProfiles
        const byType = new Map<string, string>()
        for (const c of credentials) if (!byType.has(c.credentialName)) byType.set(c.credentialName, c.id)
        const openAI = credentials.filter((c) => c.credentialName === OPENAI_CREDENTIAL).map((c) => c.id)
        const holding = openAI.length > 0 ? await services.proxyCredentials(scope, openAI) : new Set<string>()
        const plannerModel = choosePlannerModel(profiles)
        const planners =
            options.planners ?? (plannerModel ? [new LlmPlanner(services.proxyChat, plannerModel, options.plannerTimeoutMs)] : [])
        const sources = await services.estimateSources()
        const answer = await orchestrate(request, {
            catalog,
            planners,
            profiles,
            latencyOf: (m) => sources.observedLatencyMs(m.name) ?? m.priorLatencyMs,
            credentials: byType,
            proxyCredentialId: openAI.find((id) => holding.has(id)),
            proxyUrl: services.proxyUrl,
            embeddingModel: request.embeddingModel,
            estimate: flowEstimator(catalog, { ...sources, profiles: profiles ?? sources.profiles }),
            span: (name, s, f, status) => spans.push({ name, startedAt: s, finishedAt: f, status })
        })
        let saved: { flowId?: string; canvasUrl?: string } = {}
        if (request.save) {
            const flowId = await services.chatflows.create(scope, {
                name: answer.flow.name,
                flowData: answer.flow.flowData,
                type: answer.flow.type,
                settings: {}
            })
            saved = { flowId, canvasUrl: answer.flow.type === 'AGENTFLOW' ? `/v2/agentcanvas/${flowId}` : `/canvas/${flowId}` }
        }
        const nodes = JSON.parse(answer.flow.flowData).nodes.length as number
        services.metrics.flowGenerations.inc({ type: answer.flow.type.toLowerCase(), complexity: complexityOf(nodes) })
        finish('ok', { type: answer.flow.type, nodes, planner: answer.metadata.planner.kind })
        return { ...answer, ...saved }
    } catch (error) {
        finish('error', { errorType: (error as Error).name })
        throw error
    }
}
