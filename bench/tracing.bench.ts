import { OrquestaMetrics } from '../plugin/observability/metrics'
import type { RouterCallEvent } from '../plugin/router/routingRecord'
import { createTracer } from '../plugin/observability/tracing/tracingConfig'
import type { RoutingRecord } from '../plugin/router/routingRecord'
import type { Attribution } from '../plugin/router/routerSettings'
import { LangfuseCollector } from '../test/support/collectors/langfuseCollector'
import { LangSmithCollector } from '../test/support/collectors/langsmithCollector'
import { median } from './stats'

const record = {
    model: 'standard',
    strategy: 'balanced',
    category: 'general',
    limits: { maxCostUsd: 0.005, required: [] },
    estimatedInputTokens: 512,
    candidates: [
        { model: 'standard', score: 0.81, estimatedCostUsd: 0.0009, expectedLatencyMs: 600, quality: 0.8 },
        { model: 'budget', score: 0.7, estimatedCostUsd: 0.0001, expectedLatencyMs: 300, quality: 0.6 }
    ],
    excluded: [{ model: 'premium', reason: 'over-cost', detail: 'estimated $0.0090 > $0.0050' }],
    health: [],
    attempts: [{ model: 'standard', startMs: 0, latencyMs: 840, outcome: 'ok' }],
    usage: { inputTokens: 512, outputTokens: 128 },
    costUsd: 0.000768,
    latencyMs: 840,
    totalLatencyMs: 840
} as RoutingRecord

const event: RouterCallEvent = {
    strategy: 'balanced',
    model: 'standard',
    provider: 'openai',
    outcome: 'ok',
    durationMs: 840,
    inputTokens: 512,
    outputTokens: 128,
    costUsd: 0.000768,
    fallbacks: [],
    exclusions: ['over-cost'],
    record
}

const attribution: Attribution = {
    user: 'session-1',
    tags: ['orchestration', 'general', 'security:internal'],
    metadata: {
        chatflow_id: 'flow-1',
        chat_id: 'chat-1',
        session_id: 'session-1',
        flowise_node_id: 'liteLLMRouter_0',
        security_level: 'internal'
    }
}

/** What recording one router call costs the request (µs, medians), and what exporting it costs in the background. */
export interface TracingOverhead {
    /** Metrics alone. */
    readonly metricsMicros: number
    /** Metrics plus tracing to Langfuse and LangSmith (enqueue only: export is not on the request path). */
    readonly metricsAndTracingMicros: number
    /** Background time per record to serialize and send it to both local collectors (µs). */
    readonly exportMicrosPerRecord: number
}

/**
 * Times the router's observe hook as `createRouterModel` wires it: metrics, then the tracer with
 * both backends on, in rounds of `batch` calls; between rounds (untimed) the queues are flushed
 * to local collectors, so that every timed call is enqueued rather than dropped.
 */
export const tracingOverhead = async (rounds = 30, batch = 500): Promise<TracingOverhead> => {
    const langfuse = await new LangfuseCollector('pk', 'sk').start()
    const langsmith = await new LangSmithCollector('ls').start()
    try {
        const metrics = new OrquestaMetrics({ defaultMetrics: false })
        metrics.setKnownModels(['standard'])
        const tracer = createTracer(
            {
                langfuse: { baseUrl: langfuse.url, publicKey: 'pk', secretKey: 'sk' },
                langsmith: { endpoint: langsmith.url, apiKey: 'ls', project: 'bench' },
                limits: { maxQueued: 10 * batch, batchSize: 100, flushIntervalMs: 60_000, exportTimeoutMs: 10_000 }
            },
            metrics
        )
        const metricsOnly: number[] = []
        const both: number[] = []
        const exports: number[] = []
        for (let r = 0; r < rounds; r++) {
            let start = process.hrtime.bigint()
            for (let i = 0; i < batch; i++) metrics.recordRouterCall(event)
            metricsOnly.push(Number(process.hrtime.bigint() - start) / 1_000 / batch)
            start = process.hrtime.bigint()
            for (let i = 0; i < batch; i++) {
                metrics.recordRouterCall(event)
                tracer.traceRouterCall(event, attribution)
            }
            both.push(Number(process.hrtime.bigint() - start) / 1_000 / batch)
            const flushStart = performance.now()
            await tracer.flush(30_000)
            exports.push(((performance.now() - flushStart) * 1_000) / batch)
        }
        await tracer.shutdown(1_000)
        return { metricsMicros: median(metricsOnly), metricsAndTracingMicros: median(both), exportMicrosPerRecord: median(exports) }
    } finally {
        await langfuse.stop()
        await langsmith.stop()
    }
}
