import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { RouterCallEvent } from '../router/routingRecord'

/** OpenTelemetry GenAI duration buckets (s): 0.01 … 81.92, doubling; LLM calls take seconds to minutes. */
export const DURATION_BUCKETS_S = Array.from({ length: 14 }, (_, i) => 0.01 * 2 ** i)
/** OpenTelemetry GenAI token buckets: 1, 4, 16 … 67,108,864. */
export const TOKEN_BUCKETS = Array.from({ length: 14 }, (_, i) => 4 ** i)
/** Label value for models outside the known set, so that label values stay bounded. */
export const OTHER = 'other'

/** One evaluation run, as the evaluation engine reports it to {@link OrquestaMetrics.recordEvaluationRun}. */
export interface EvaluationRunEvent {
    readonly trigger: string
    readonly status: 'completed' | 'failed' | 'incomplete'
    /** Scores in [0, 1] per model and task category. */
    readonly scores: readonly { model: string; category: string; score: number }[]
    /** Model × category pairs whose score dropped significantly against the baseline. */
    readonly regressions: readonly { model: string; category: string }[]
    /** Model × category pairs whose score rose significantly against the baseline. */
    readonly improvements?: readonly { model: string; category: string }[]
    /** When the run finished (ms epoch). */
    readonly finishedAt: number
}

/**
 * The plugin's Prometheus metrics, on a registry of its own (Flowise's Prometheus module clears
 * the global one). Labels are bounded: models outside `knownModels` count as `other`.
 */
export class OrquestaMetrics {
    readonly registry = new Registry()
    private readonly knownModels = new Set<string>()

    readonly orchestrationDuration = new Histogram({
        name: 'orchestration_duration_seconds',
        help: 'Duration of orchestration work by workflow type and status',
        labelNames: ['workflow_type', 'status'],
        buckets: DURATION_BUCKETS_S,
        registers: [this.registry]
    })
    readonly modelSelections = new Counter({
        name: 'model_selections_total',
        help: 'Models chosen by the router',
        labelNames: ['model', 'provider'],
        registers: [this.registry]
    })
    readonly flowGenerations = new Counter({
        name: 'flow_generations_total',
        help: 'Flows generated or optimized, by type and complexity',
        labelNames: ['type', 'complexity'],
        registers: [this.registry]
    })
    readonly orchestrationErrors = new Counter({
        name: 'orchestration_errors_total',
        help: 'Errors by type and component',
        labelNames: ['type', 'component'],
        registers: [this.registry]
    })
    readonly operationDuration = new Histogram({
        name: 'gen_ai_client_operation_duration_seconds',
        help: 'GenAI operation duration (OpenTelemetry gen_ai.client.operation.duration)',
        labelNames: ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_response_model', 'error_type'],
        buckets: DURATION_BUCKETS_S,
        registers: [this.registry]
    })
    readonly tokenUsage = new Histogram({
        name: 'gen_ai_client_token_usage',
        help: 'Tokens per GenAI operation (OpenTelemetry gen_ai.client.token.usage)',
        labelNames: ['gen_ai_token_type', 'gen_ai_response_model'],
        buckets: TOKEN_BUCKETS,
        registers: [this.registry]
    })
    readonly timeToFirstChunk = new Histogram({
        name: 'gen_ai_client_time_to_first_chunk_seconds',
        help: 'Time to the first streamed chunk',
        labelNames: ['gen_ai_response_model'],
        buckets: DURATION_BUCKETS_S,
        registers: [this.registry]
    })
    readonly costUsd = new Counter({
        name: 'gen_ai_client_cost_usd_total',
        help: 'Cost of GenAI calls in USD (usage × the proxy prices)',
        labelNames: ['gen_ai_response_model'],
        registers: [this.registry]
    })
    readonly routerDecisions = new Counter({
        name: 'orquesta_router_decisions_total',
        help: 'Router decisions by strategy and outcome',
        labelNames: ['strategy', 'outcome'],
        registers: [this.registry]
    })
    readonly routerFallbacks = new Counter({
        name: 'orquesta_router_fallbacks_total',
        help: 'Models that failed before their first token and were replaced',
        labelNames: ['model'],
        registers: [this.registry]
    })
    readonly routerExclusions = new Counter({
        name: 'orquesta_router_exclusions_total',
        help: 'Candidate models excluded from decisions, by reason',
        labelNames: ['reason'],
        registers: [this.registry]
    })
    readonly catalogNodes = new Gauge({
        name: 'orquesta_capability_catalog_nodes',
        help: 'Nodes in the capability catalog',
        registers: [this.registry]
    })
    readonly catalogLoadErrors = new Gauge({
        name: 'orquesta_capability_load_errors',
        help: 'Node files that currently fail to load',
        registers: [this.registry]
    })
    readonly catalogUpdates = new Histogram({
        name: 'orquesta_capability_update_seconds',
        help: 'Time to analyze a batch of changed node files and update the host',
        buckets: DURATION_BUCKETS_S,
        registers: [this.registry]
    })
    readonly optimizerRuns = new Counter({
        name: 'orquesta_optimizer_runs_total',
        help: 'Optimizer runs by status',
        labelNames: ['status'],
        registers: [this.registry]
    })
    readonly optimizerChanges = new Counter({
        name: 'orquesta_optimizer_changes_total',
        help: 'Changes made by optimizer passes',
        labelNames: ['pass'],
        registers: [this.registry]
    })

    readonly evaluationRuns = new Counter({
        name: 'orquesta_evaluation_runs_total',
        help: 'Evaluation runs by trigger and status',
        labelNames: ['trigger', 'status'],
        registers: [this.registry]
    })
    readonly evaluationScore = new Gauge({
        name: 'orquesta_evaluation_score',
        help: 'Latest evaluation score (0-1) per model and task category',
        labelNames: ['model', 'category'],
        registers: [this.registry]
    })
    readonly evaluationRegressions = new Counter({
        name: 'orquesta_evaluation_regressions_total',
        help: 'Significant score regressions found by evaluation runs',
        labelNames: ['model', 'category'],
        registers: [this.registry]
    })

    readonly evaluationImprovements = new Counter({
        name: 'orquesta_evaluation_improvements_total',
        help: 'Significant score improvements found by evaluation runs',
        labelNames: ['model', 'category'],
        registers: [this.registry]
    })
    readonly evaluationLastSuccess = new Gauge({
        name: 'orquesta_evaluation_last_success_timestamp_seconds',
        help: 'When the last completed evaluation run finished (Unix time), per trigger',
        labelNames: ['trigger'],
        registers: [this.registry]
    })
    readonly traceEventsDropped = new Counter({
        name: 'orquesta_trace_events_dropped_total',
        help: 'Trace records dropped because the tracing backend was full, slow, down or refused them',
        labelNames: ['backend'],
        registers: [this.registry]
    })
    readonly traceEventsExported = new Counter({
        name: 'orquesta_trace_events_exported_total',
        help: 'Trace records accepted by the tracing backend',
        labelNames: ['backend'],
        registers: [this.registry]
    })

    constructor(options: { defaultMetrics?: boolean } = {}) {
        if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'orquesta_' })
    }

    /** Declares the models whose names may appear as label values (the proxy's model list). */
    setKnownModels(models: Iterable<string>): void {
        for (const model of models) this.knownModels.add(model)
    }

    private model(name: string | undefined): string {
        return name !== undefined && this.knownModels.has(name) ? name : OTHER
    }

    /** Records one router call. */
    recordRouterCall(event: RouterCallEvent): void {
        const model = this.model(event.model)
        this.routerDecisions.inc({ strategy: event.strategy, outcome: event.outcome })
        for (const reason of event.exclusions) this.routerExclusions.inc({ reason })
        for (const failed of event.fallbacks) this.routerFallbacks.inc({ model: this.model(failed) })
        this.orchestrationDuration.observe({ workflow_type: 'router', status: event.outcome }, event.durationMs / 1000)
        this.operationDuration.observe(
            {
                gen_ai_operation_name: 'chat',
                gen_ai_provider_name: event.provider ?? OTHER,
                gen_ai_response_model: model,
                error_type: event.errorType ?? ''
            },
            event.durationMs / 1000
        )
        if (event.outcome !== 'ok') {
            this.orchestrationErrors.inc({ type: event.errorType ?? event.outcome, component: 'router' })
            return
        }
        this.modelSelections.inc({ model, provider: event.provider ?? OTHER })
        if (event.inputTokens !== undefined)
            this.tokenUsage.observe({ gen_ai_token_type: 'input', gen_ai_response_model: model }, event.inputTokens)
        if (event.outputTokens !== undefined)
            this.tokenUsage.observe({ gen_ai_token_type: 'output', gen_ai_response_model: model }, event.outputTokens)
        if (event.timeToFirstTokenMs !== undefined)
            this.timeToFirstChunk.observe({ gen_ai_response_model: model }, event.timeToFirstTokenMs / 1000)
        if (event.costUsd !== undefined) this.costUsd.inc({ gen_ai_response_model: model }, event.costUsd)
    }

    /** Records one evaluation run: its status, latest scores, regressions and, when completed, its time. */
    recordEvaluationRun(run: EvaluationRunEvent): void {
        this.evaluationRuns.inc({ trigger: run.trigger, status: run.status })
        for (const { model, category, score } of run.scores) this.evaluationScore.set({ model: this.model(model), category }, score)
        for (const { model, category } of run.regressions) this.evaluationRegressions.inc({ model: this.model(model), category })
        for (const { model, category } of run.improvements ?? []) this.evaluationImprovements.inc({ model: this.model(model), category })
        if (run.status === 'completed') this.evaluationLastSuccess.set({ trigger: run.trigger }, run.finishedAt / 1000)
    }
}
