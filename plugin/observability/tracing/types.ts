import type { RoutingRecord } from '../../router/routingRecord'

/** One router call as traced: the metrics event plus who it is attributed to and its decision record. */
export interface RouterCallTrace {
    readonly kind: 'router-call'
    /** Trace id (UUID). */
    readonly id: string
    /** When the call began (ms epoch). */
    readonly startedAt: number
    /** When the call ended (ms epoch). */
    readonly finishedAt: number
    readonly strategy: string
    readonly category?: string
    readonly securityLevel?: string
    /** Chosen model, when one answered. */
    readonly model?: string
    readonly provider?: string
    readonly outcome: 'ok' | 'error' | 'no-candidate'
    readonly errorType?: string
    readonly inputTokens?: number
    readonly outputTokens?: number
    /** Cost of the call (USD). */
    readonly costUsd?: number
    /** Time to the first token (ms), streams only. */
    readonly timeToFirstTokenMs?: number
    readonly tags: readonly string[]
    readonly sessionId?: string
    readonly userId?: string
    /** Attribution metadata (chatflow, chat and node ids). */
    readonly metadata: Readonly<Record<string, unknown>>
    /** The routing decision record, when the call succeeded. */
    readonly record?: RoutingRecord
}

/** One optimizer run as traced. */
export interface OptimizerRunTrace {
    readonly kind: 'optimizer-run'
    readonly id: string
    /** ms epoch. */
    readonly startedAt: number
    /** ms epoch. */
    readonly finishedAt: number
    /** Where the run came from: `rest` (the REST route) or `tool` (the Flow Optimizer tool). */
    readonly source: string
    readonly status: 'ok' | 'error'
    readonly errorType?: string
    readonly chatflowId?: string
    readonly nodes?: number
    /** Changes per pass name. */
    readonly changesByPass: Readonly<Record<string, number>>
    readonly constraints?: Readonly<Record<string, unknown>>
}

/** One model × category score of an evaluation run. */
export interface EvaluationScore {
    readonly model: string
    readonly category: string
    /** Score in [0, 1]. */
    readonly score: number
    /** Cases behind the score. */
    readonly n: number
}

/** One evaluation run, as the evaluation engine reports it to {@link Tracer.traceEvaluationRun}. */
export interface EvaluationRunInput {
    readonly runId: string
    readonly suite: string
    readonly trigger: string
    readonly models: readonly string[]
    /** ms epoch. */
    readonly startedAt: number
    /** ms epoch. */
    readonly finishedAt: number
    readonly status: string
    readonly scores: readonly EvaluationScore[]
}

export interface EvaluationRunTrace extends EvaluationRunInput {
    readonly kind: 'evaluation-run'
}

/** One stage of an orchestration (interpret, compose, optimize, validate). */
export interface OrchestrationSpan {
    readonly name: string
    /** ms epoch. */
    readonly startedAt: number
    /** ms epoch. */
    readonly finishedAt: number
    readonly status: 'ok' | 'error'
}

/** One orchestration (`POST /orchestrate`, the Flow Generator tool): the trace `orchestration`, a child span per stage. */
export interface OrchestrationTrace {
    readonly kind: 'orchestration'
    readonly id: string
    /** ms epoch. */
    readonly startedAt: number
    /** ms epoch. */
    readonly finishedAt: number
    readonly status: 'ok' | 'error'
    readonly errorType?: string
    /** CHATFLOW or AGENTFLOW. */
    readonly type?: string
    readonly nodes?: number
    /** `llm` or `rules`. */
    readonly planner?: string
    readonly spans: readonly OrchestrationSpan[]
}

/** Everything the tracer exports. */
export type TraceRecord = RouterCallTrace | OptimizerRunTrace | EvaluationRunTrace | OrchestrationTrace

/** What an export attempt achieved: records the backend refused are counted as dropped. */
export interface ExportResult {
    readonly rejected: number
}

/**
 * A tracing backend: translates records into its ingestion API and sends one batch. Batching,
 * bounding and time limits are the queue's job ({@link TraceQueue}), so a backend stays a translator.
 */
export interface TracingBackend {
    /** Backend name, the `backend` label of the tracing metrics. */
    readonly name: string
    /** Sends one batch; rejects when nothing was accepted; stops when `signal` aborts. */
    send(records: readonly TraceRecord[], signal: AbortSignal): Promise<ExportResult>
}
