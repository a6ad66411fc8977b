import { randomUUID } from 'node:crypto'
import { Client } from 'langsmith'
import type { RunCreate } from 'langsmith/schemas'
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

/** Where and as whom to send to LangSmith. */
export interface LangSmithSettings {
    readonly endpoint: string
    readonly apiKey: string
    /** The LangSmith project (session) runs are filed under. */
    readonly project: string
}

type RunCreateWithIds = Omit<RunCreate, 'child_runs' | 'id' | 'trace_id' | 'dotted_order'> & {
    id: string
    trace_id: string
    dotted_order: string
}

/** LangSmith's run ordering key: start time to the microsecond, then the run id. */
const dottedSegment = (startMs: number, id: string) => `${new Date(startMs).toISOString().replace(/[-:.]/g, '').replace('Z', '000Z')}${id}`

const rootRun = (id: string, startedAt: number, fields: Omit<RunCreate, 'id' | 'start_time' | 'child_runs'>): RunCreateWithIds => ({
    ...fields,
    id,
    trace_id: id,
    dotted_order: dottedSegment(startedAt, id),
    start_time: startedAt
})

const childRun = (
    parent: RunCreateWithIds,
    startedAt: number,
    fields: Omit<RunCreate, 'id' | 'start_time' | 'child_runs'>
): RunCreateWithIds => {
    const id = randomUUID()
    return {
        ...fields,
        id,
        parent_run_id: parent.id,
        trace_id: parent.trace_id,
        dotted_order: `${parent.dotted_order}.${dottedSegment(startedAt, id)}`,
        start_time: startedAt
    }
}

/** The LangSmith runs of one record (every run complete: created once, never patched). */
export const langsmithRuns = (record: TraceRecord, project: string): RunCreateWithIds[] => {
    switch (record.kind) {
        case 'router-call':
            return [routerCallRun(record, project)]
        case 'optimizer-run':
            return [optimizerRun(record, project)]
        case 'evaluation-run':
            return evaluationRuns(record, project)
        case 'orchestration':
            return orchestrationRuns(record, project)
    }
}

/** A root run `orchestration` and one child run per stage. */
const orchestrationRuns = (run: OrchestrationTrace, project: string): RunCreateWithIds[] => {
    const root = rootRun(run.id, run.startedAt, {
        name: 'orchestration',
        run_type: 'chain',
        session_name: project,
        end_time: run.finishedAt,
        tags: ['orchestration', 'orchestrator'],
        error: run.status === 'ok' ? undefined : (run.errorType ?? 'error'),
        inputs: { planner: run.planner },
        outputs: { status: run.status, type: run.type, nodes: run.nodes },
        extra: { metadata: { planner: run.planner, type: run.type } }
    })
    return [
        root,
        ...run.spans.map((span) =>
            childRun(root, span.startedAt, {
                name: span.name,
                run_type: 'chain',
                session_name: project,
                end_time: span.finishedAt,
                error: span.status === 'ok' ? undefined : 'error',
                inputs: {}
            })
        )
    ]
}

const routerCallRun = (call: RouterCallTrace, project: string): RunCreateWithIds =>
    rootRun(call.id, call.startedAt, {
        name: 'LiteLLMRouter',
        run_type: 'llm',
        session_name: project,
        end_time: call.finishedAt,
        tags: [...call.tags],
        error: call.outcome === 'ok' ? undefined : (call.errorType ?? call.outcome),
        inputs: { strategy: call.strategy, category: call.category },
        outputs: {
            model: call.model,
            usage_metadata:
                call.inputTokens === undefined && call.outputTokens === undefined
                    ? undefined
                    : {
                          input_tokens: call.inputTokens ?? 0,
                          output_tokens: call.outputTokens ?? 0,
                          total_tokens: (call.inputTokens ?? 0) + (call.outputTokens ?? 0),
                          total_cost: call.costUsd
                      },
            orquesta: call.record
        },
        extra: {
            metadata: {
                ...call.metadata,
                ls_provider: call.provider,
                ls_model_name: call.model,
                ls_model_type: 'chat',
                session_id: call.sessionId,
                user_id: call.userId,
                strategy: call.strategy,
                category: call.category,
                security_level: call.securityLevel,
                outcome: call.outcome,
                cost_usd: call.costUsd,
                time_to_first_token_ms: call.timeToFirstTokenMs
            }
        }
    })

const optimizerRun = (run: OptimizerRunTrace, project: string): RunCreateWithIds =>
    rootRun(run.id, run.startedAt, {
        name: 'orquesta.optimizer',
        run_type: 'chain',
        session_name: project,
        end_time: run.finishedAt,
        tags: ['orchestration', 'optimizer', run.source],
        error: run.status === 'ok' ? undefined : (run.errorType ?? 'error'),
        inputs: { chatflowId: run.chatflowId, nodes: run.nodes, constraints: run.constraints },
        outputs: { status: run.status, changesByPass: run.changesByPass },
        extra: { metadata: { chatflow_id: run.chatflowId, source: run.source } }
    })

/** A root run for the evaluation with every score in its outputs, and one child run per model. */
const evaluationRuns = (run: EvaluationRunTrace, project: string): RunCreateWithIds[] => {
    const root = rootRun(randomUUID(), run.startedAt, {
        name: `orquesta.evaluation ${run.suite}`,
        run_type: 'chain',
        session_name: project,
        end_time: run.finishedAt,
        tags: ['orchestration', 'evaluation', run.suite, run.trigger],
        inputs: { suite: run.suite, trigger: run.trigger, models: run.models },
        outputs: { status: run.status, scores: run.scores },
        extra: { metadata: { evaluation_run_id: run.runId, suite: run.suite, trigger: run.trigger, status: run.status } }
    })
    const perModel = run.models.map((model) =>
        childRun(root, run.startedAt, {
            name: model,
            run_type: 'chain',
            session_name: project,
            end_time: run.finishedAt,
            tags: ['evaluation', model],
            inputs: { model, suite: run.suite },
            outputs: Object.fromEntries(run.scores.filter((s) => s.model === model).map((s) => [s.category, { score: s.score, n: s.n }])),
            extra: { metadata: { evaluation_run_id: run.runId, model } }
        })
    )
    return [root, ...perModel]
}

/**
 * LangSmith through the `langsmith` client's batch endpoint (`POST /runs/batch`), every run sent
 * complete. The client's own retries are off: the queue decides what a failed export costs.
 */
export class LangSmithBackend implements TracingBackend {
    readonly name = 'langsmith'
    private readonly client: Client
    /** The signal of the export under way; the queue runs one export at a time. */
    private signal: AbortSignal | undefined

    constructor(private readonly settings: LangSmithSettings) {
        this.client = new Client({
            apiUrl: withoutTrailingSlashes(settings.endpoint),
            apiKey: settings.apiKey,
            autoBatchTracing: false,
            callerOptions: { maxRetries: 0 },
            fetchImplementation: ((input: string | URL | Request, init?: RequestInit) =>
                fetch(input, {
                    ...init,
                    signal: this.signal && init?.signal ? AbortSignal.any([init.signal, this.signal]) : (this.signal ?? init?.signal)
                })) as typeof fetch
        })
    }

    async send(records: readonly TraceRecord[], signal: AbortSignal): Promise<ExportResult> {
        this.signal = signal
        try {
            await this.client.batchIngestRuns({ runCreates: records.flatMap((r) => langsmithRuns(r, this.settings.project)) })
            return { rejected: 0 }
        } finally {
            this.signal = undefined
        }
    }
}
