import { randomUUID } from 'node:crypto'
import type { RouterCallEvent } from '../../router/routingRecord'
import type { Attribution } from '../../router/routerSettings'
import { TraceQueue, type TraceQueueCounters, type TraceQueueLimits } from './TraceQueue'
import type { EvaluationRunInput, OptimizerRunTrace, OrchestrationTrace, TraceRecord, TracingBackend } from './types'

/** An optimizer run, as the optimizer reports it to {@link Tracer.traceOptimizerRun}. */
export type OptimizerRunInput = Omit<OptimizerRunTrace, 'kind' | 'id'>

const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

/**
 * Sends router calls, optimizer runs and evaluation runs to every configured tracing backend,
 * each through its own bounded queue. Every method returns at once and never throws: tracing
 * must not slow or break the work it describes. With no backend, every method is a no-op.
 */
export class Tracer {
    private readonly queues: readonly TraceQueue[]
    /** Names of the configured backends. */
    readonly backends: readonly string[]

    constructor(backends: readonly TracingBackend[], limits: TraceQueueLimits, counters: TraceQueueCounters) {
        this.queues = backends.map((backend) => new TraceQueue(backend, limits, counters))
        this.backends = backends.map((backend) => backend.name)
    }

    /** Whether any backend is configured. */
    get enabled(): boolean {
        return this.queues.length > 0
    }

    /** Records waiting for export, summed over the backends. */
    get queued(): number {
        return this.queues.reduce((total, queue) => total + queue.size, 0)
    }

    /** Traces one router call, attributed as the router node attributes it to LiteLLM. */
    traceRouterCall(event: RouterCallEvent, attribution: Attribution = {}): void {
        if (this.queues.length === 0) return
        const finishedAt = Date.now()
        const metadata = attribution.metadata ?? {}
        this.push({
            kind: 'router-call',
            id: randomUUID(),
            startedAt: finishedAt - event.durationMs,
            finishedAt,
            strategy: event.strategy,
            category: event.record?.category,
            securityLevel: stringOf(metadata.security_level),
            model: event.model,
            provider: event.provider,
            outcome: event.outcome,
            errorType: event.errorType,
            inputTokens: event.inputTokens,
            outputTokens: event.outputTokens,
            costUsd: event.costUsd,
            timeToFirstTokenMs: event.timeToFirstTokenMs,
            tags: attribution.tags ?? ['orchestration'],
            sessionId: stringOf(metadata.session_id),
            userId: attribution.user,
            metadata,
            record: event.record
        })
    }

    /** Traces one optimizer run as a trace of its own. */
    traceOptimizerRun(run: OptimizerRunInput): void {
        if (this.queues.length > 0) this.push({ ...run, kind: 'optimizer-run', id: randomUUID() })
    }

    /** Traces one orchestration as the trace `orchestration` with one child span per stage. */
    traceOrchestration(run: Omit<OrchestrationTrace, 'kind'>): void {
        if (this.queues.length > 0) this.push({ ...run, kind: 'orchestration' })
    }

    /** Traces one evaluation run as a trace of its own, its scores attached as scores (Langfuse) or outputs (LangSmith). */
    traceEvaluationRun(run: EvaluationRunInput): void {
        if (this.queues.length > 0) this.push({ ...run, kind: 'evaluation-run' })
    }

    /** Exports what is queued, waiting at most `timeoutMs` (ms). */
    async flush(timeoutMs?: number): Promise<void> {
        await Promise.all(this.queues.map((queue) => queue.flush(timeoutMs)))
    }

    /** Flushes within `timeoutMs` (ms), then stops; what is left is dropped and counted. */
    async shutdown(timeoutMs?: number): Promise<void> {
        await Promise.all(this.queues.map((queue) => queue.shutdown(timeoutMs)))
    }

    private push(record: TraceRecord): void {
        for (const queue of this.queues) queue.push(record)
    }
}
