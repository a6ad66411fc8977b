import { randomUUID } from 'node:crypto'
import { Langfuse, type ApiIngestionEvent, type ApiIngestionResponse } from 'langfuse'
import { PLUGIN_VERSION } from '../../version'
import type {
    EvaluationRunTrace,
    ExportResult,
    OptimizerRunTrace,
    OrchestrationTrace,
    RouterCallTrace,
    TraceRecord,
    TracingBackend
} from './types'
import { withoutTrailingSlashes } from '../../text/withoutTrailingSlashes'

/** Where and as whom to send to Langfuse. */
export interface LangfuseSettings {
    readonly baseUrl: string
    readonly publicKey: string
    readonly secretKey: string
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The Langfuse events of one record: a trace with a generation, a span, or spans with scores. */
export const langfuseEvents = (record: TraceRecord): ApiIngestionEvent[] => {
    switch (record.kind) {
        case 'router-call':
            return routerCallEvents(record)
        case 'optimizer-run':
            return optimizerRunEvents(record)
        case 'evaluation-run':
            return evaluationRunEvents(record)
        case 'orchestration':
            return orchestrationEvents(record)
    }
}

const orchestrationEvents = (run: OrchestrationTrace): ApiIngestionEvent[] => [
    event('trace-create', run.startedAt, {
        id: run.id,
        timestamp: iso(run.startedAt),
        name: 'orchestration',
        tags: ['orchestration', 'orchestrator'],
        metadata: { status: run.status, planner: run.planner, type: run.type },
        output: { status: run.status, errorType: run.errorType, nodes: run.nodes }
    }),
    ...run.spans.map((span) =>
        event('span-create', span.startedAt, {
            id: `${run.id}-${span.name}`,
            traceId: run.id,
            name: span.name,
            startTime: iso(span.startedAt),
            endTime: iso(span.finishedAt),
            level: span.status === 'ok' ? 'DEFAULT' : 'ERROR'
        })
    )
]

const event = (type: string, timestamp: number, body: Record<string, unknown>): ApiIngestionEvent =>
    ({ id: randomUUID(), type, timestamp: iso(timestamp), body }) as ApiIngestionEvent

const routerCallEvents = (call: RouterCallTrace): ApiIngestionEvent[] => {
    const metadata = {
        ...call.metadata,
        strategy: call.strategy,
        category: call.category,
        security_level: call.securityLevel,
        outcome: call.outcome,
        orquesta: call.record
    }
    const usage =
        call.inputTokens === undefined && call.outputTokens === undefined
            ? undefined
            : { input: call.inputTokens ?? 0, output: call.outputTokens ?? 0, total: (call.inputTokens ?? 0) + (call.outputTokens ?? 0) }
    return [
        event('trace-create', call.startedAt, {
            id: call.id,
            timestamp: iso(call.startedAt),
            name: 'orquesta.router',
            tags: call.tags,
            sessionId: call.sessionId,
            userId: call.userId,
            metadata
        }),
        event('generation-create', call.startedAt, {
            id: `${call.id}-generation`,
            traceId: call.id,
            name: 'LiteLLMRouter',
            startTime: iso(call.startedAt),
            endTime: iso(call.finishedAt),
            completionStartTime: call.timeToFirstTokenMs === undefined ? undefined : iso(call.startedAt + call.timeToFirstTokenMs),
            model: call.model,
            usageDetails: usage,
            costDetails: call.costUsd === undefined ? undefined : { total: call.costUsd },
            level: call.outcome === 'ok' ? 'DEFAULT' : 'ERROR',
            statusMessage: call.errorType ?? (call.outcome === 'ok' ? undefined : call.outcome),
            metadata
        })
    ]
}

const optimizerRunEvents = (run: OptimizerRunTrace): ApiIngestionEvent[] => [
    event('trace-create', run.startedAt, {
        id: run.id,
        timestamp: iso(run.startedAt),
        name: 'orquesta.optimizer',
        tags: ['orchestration', 'optimizer', run.source],
        metadata: { chatflow_id: run.chatflowId, status: run.status, source: run.source },
        input: { chatflowId: run.chatflowId, nodes: run.nodes, constraints: run.constraints },
        output: { status: run.status, errorType: run.errorType, changesByPass: run.changesByPass }
    }),
    event('span-create', run.startedAt, {
        id: `${run.id}-optimize`,
        traceId: run.id,
        name: 'optimizeFlow',
        startTime: iso(run.startedAt),
        endTime: iso(run.finishedAt),
        level: run.status === 'ok' ? 'DEFAULT' : 'ERROR',
        statusMessage: run.errorType,
        output: run.changesByPass
    })
]

const evaluationRunEvents = (run: EvaluationRunTrace): ApiIngestionEvent[] => {
    const events = [
        event('trace-create', run.startedAt, {
            id: run.runId,
            timestamp: iso(run.startedAt),
            name: `orquesta.evaluation ${run.suite}`,
            tags: ['orchestration', 'evaluation', run.suite, run.trigger],
            metadata: { suite: run.suite, trigger: run.trigger, status: run.status },
            input: { suite: run.suite, models: run.models },
            output: { status: run.status, scores: run.scores }
        })
    ]
    // One span per model, so that each model's category scores sit together in the trace view.
    for (const model of run.models) {
        events.push(
            event('span-create', run.startedAt, {
                id: `${run.runId}-${model}`,
                traceId: run.runId,
                name: model,
                startTime: iso(run.startedAt),
                endTime: iso(run.finishedAt),
                metadata: { model }
            })
        )
    }
    for (const score of run.scores) {
        events.push(
            event('score-create', run.finishedAt, {
                id: `${run.runId}-${score.model}-${score.category}`,
                traceId: run.runId,
                observationId: run.models.includes(score.model) ? `${run.runId}-${score.model}` : undefined,
                name: score.category,
                value: score.score,
                dataType: 'NUMERIC',
                comment: `${score.model}: ${score.n} cases`,
                metadata: { model: score.model, category: score.category, n: score.n, suite: run.suite }
            })
        )
    }
    return events
}

/**
 * Langfuse through its public ingestion API (`POST /api/public/ingestion`), with the typed client
 * of the `langfuse` SDK. The SDK's own queue is not used: it is unbounded and sends batches
 * concurrently with retries, which is what a dead backend must not cost a server.
 */
export class LangfuseBackend implements TracingBackend {
    readonly name = 'langfuse'
    /** The SDK's typed API client (auth and SDK headers); its event queue is never used. */
    private readonly api: Langfuse['api']

    constructor(settings: LangfuseSettings) {
        this.api = new Langfuse({
            baseUrl: withoutTrailingSlashes(settings.baseUrl),
            publicKey: settings.publicKey,
            secretKey: settings.secretKey,
            sdkIntegration: 'orquesta'
        }).api
    }

    async send(records: readonly TraceRecord[], signal: AbortSignal): Promise<ExportResult> {
        const recordOfEvent = new Map<string, TraceRecord>()
        const batch = records.flatMap((record) => {
            const events = langfuseEvents(record)
            for (const e of events) recordOfEvent.set(e.id, record)
            return events
        })
        const response: ApiIngestionResponse = await this.api.ingestionBatch(
            { batch, metadata: { sdk_integration: 'orquesta', sdk_version: PLUGIN_VERSION } },
            { signal }
        )
        // Langfuse answers 207 with per-event errors; a record counts as rejected when any of its events was.
        const rejected = new Set((response.errors ?? []).map((error) => recordOfEvent.get(error.id)).filter(Boolean))
        return { rejected: rejected.size }
    }
}
