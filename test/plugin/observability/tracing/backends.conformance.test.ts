import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { OrquestaMetrics } from '../../../../plugin/observability/metrics'
import type { RouterCallEvent } from '../../../../plugin/router/routingRecord'
import { LangfuseBackend } from '../../../../plugin/observability/tracing/langfuseBackend'
import { LangSmithBackend } from '../../../../plugin/observability/tracing/langsmithBackend'
import { Tracer } from '../../../../plugin/observability/tracing/Tracer'
import type { TraceQueueLimits } from '../../../../plugin/observability/tracing/TraceQueue'
import type { TracingBackend } from '../../../../plugin/observability/tracing/types'
import type { RoutingRecord } from '../../../../plugin/router/routingRecord'
import { deadUrl, HttpCollector, type CollectorMode } from '../../../support/collectors/httpCollector'
import { waitFor } from '../../../support/waitFor'
import { LangfuseCollector } from '../../../support/collectors/langfuseCollector'
import { LangSmithCollector } from '../../../support/collectors/langsmithCollector'

const LANGFUSE_SECRET = 'sk-lf-test-secret-never-in-payloads'
const LANGSMITH_KEY = 'lsv2-test-key-never-in-payloads'
const PROXY_KEY = 'sk-proxy-master-key-never-in-payloads'

/** What every backend must carry for a router call, read back from its collector. */
interface RouterCallSeen {
    readonly tags: readonly string[]
    readonly model?: string
    readonly inputTokens?: number
    readonly outputTokens?: number
    readonly costUsd?: number
    readonly decisionModel?: string
    readonly securityLevel?: string
}

/** One backend under test: its collector, and how to read traces back from what it received. */
interface BackendCase {
    readonly name: string
    start(mode?: CollectorMode): Promise<{ collector: HttpCollector; backend: TracingBackend }>
    backendAt(url: string): TracingBackend
    routerCalls(collector: HttpCollector): RouterCallSeen[]
    scores(collector: HttpCollector): { model: string; category: string; score: number }[]
    optimizerRuns(collector: HttpCollector): { status: string; changes: Record<string, number> }[]
}

type Body = Record<string, unknown>

const langfuseCase: BackendCase = {
    name: 'langfuse',
    async start(mode) {
        const collector = await new LangfuseCollector('pk-lf-test', LANGFUSE_SECRET, mode).start()
        return { collector, backend: this.backendAt(collector.url) }
    },
    backendAt: (url) => new LangfuseBackend({ baseUrl: url, publicKey: 'pk-lf-test', secretKey: LANGFUSE_SECRET }),
    routerCalls(collector) {
        const events = (collector as LangfuseCollector).events
        return events
            .filter((e) => e.type === 'generation-create')
            .map((g) => {
                const trace = events.find((e) => e.type === 'trace-create' && e.body.id === g.body.traceId)!
                const usage = g.body.usageDetails as Body | undefined
                const metadata = g.body.metadata as Body
                return {
                    tags: trace.body.tags as string[],
                    model: g.body.model as string | undefined,
                    inputTokens: usage?.input as number | undefined,
                    outputTokens: usage?.output as number | undefined,
                    costUsd: (g.body.costDetails as Body | undefined)?.total as number | undefined,
                    decisionModel: (metadata.orquesta as RoutingRecord | undefined)?.model,
                    securityLevel: metadata.security_level as string | undefined
                }
            })
    },
    scores(collector) {
        return (collector as LangfuseCollector).events
            .filter((e) => e.type === 'score-create')
            .map((e) => ({
                model: (e.body.metadata as Body).model as string,
                category: e.body.name as string,
                score: e.body.value as number
            }))
    },
    optimizerRuns(collector) {
        return (collector as LangfuseCollector).events
            .filter((e) => e.type === 'trace-create' && e.body.name === 'orquesta.optimizer')
            .map((e) => {
                const output = e.body.output as Body
                return { status: output.status as string, changes: output.changesByPass as Record<string, number> }
            })
    }
}

const langsmithCase: BackendCase = {
    name: 'langsmith',
    async start(mode) {
        const collector = await new LangSmithCollector(LANGSMITH_KEY, mode).start()
        return { collector, backend: this.backendAt(collector.url) }
    },
    backendAt: (url) => new LangSmithBackend({ endpoint: url, apiKey: LANGSMITH_KEY, project: 'orquesta-tests' }),
    routerCalls(collector) {
        return (collector as LangSmithCollector).runs
            .filter((r) => r.name === 'LiteLLMRouter')
            .map((r) => {
                const outputs = r.outputs as Body
                const usage = outputs.usage_metadata as Body | undefined
                const metadata = (r.extra as Body).metadata as Body
                return {
                    tags: r.tags ?? [],
                    model: metadata.ls_model_name as string | undefined,
                    inputTokens: usage?.input_tokens as number | undefined,
                    outputTokens: usage?.output_tokens as number | undefined,
                    costUsd: usage?.total_cost as number | undefined,
                    decisionModel: (outputs.orquesta as RoutingRecord | undefined)?.model,
                    securityLevel: metadata.security_level as string | undefined
                }
            })
    },
    scores(collector) {
        const runs = (collector as LangSmithCollector).runs
        return runs
            .filter(
                (r) =>
                    r.parent_run_id !== undefined && runs.some((p) => p.id === r.parent_run_id && p.name.startsWith('orquesta.evaluation'))
            )
            .flatMap((r) =>
                Object.entries(r.outputs as Record<string, { score: number }>).map(([category, { score }]) => ({
                    model: r.name,
                    category,
                    score
                }))
            )
    },
    optimizerRuns(collector) {
        return (collector as LangSmithCollector).runs
            .filter((r) => r.name === 'orquesta.optimizer')
            .map((r) => {
                const outputs = r.outputs as Body
                return { status: outputs.status as string, changes: outputs.changesByPass as Record<string, number> }
            })
    }
}

const FAST: TraceQueueLimits = { maxQueued: 100, batchSize: 10, flushIntervalMs: 20, exportTimeoutMs: 300 }

const record = { model: 'standard', category: 'coding', strategy: 'balanced' } as unknown as RoutingRecord
const routerCall = (overrides: Partial<RouterCallEvent> = {}): RouterCallEvent => ({
    strategy: 'balanced',
    model: 'standard',
    provider: 'openai',
    outcome: 'ok',
    durationMs: 120,
    inputTokens: 42,
    outputTokens: 7,
    costUsd: 0.000056,
    fallbacks: [],
    exclusions: [],
    record,
    ...overrides
})
const attribution = {
    user: 'session-1',
    tags: ['orchestration', 'coding', 'security:confidential', 'team-a'],
    metadata: { chat_id: 'chat-1', session_id: 'session-1', security_level: 'confidential' }
}

const tracerWith = (backend: TracingBackend, limits: TraceQueueLimits = FAST) => {
    const metrics = new OrquestaMetrics({ defaultMetrics: false })
    const tracer = new Tracer([backend], limits, {
        dropped: (name, count) => metrics.traceEventsDropped.inc({ backend: name }, count),
        exported: (name, count) => metrics.traceEventsExported.inc({ backend: name }, count)
    })
    const counter = async (name: CounterName) =>
        (await metrics.registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.backend === backend.name)?.value ?? 0
    return { tracer, counter }
}

type CounterName = 'orquesta_trace_events_dropped_total' | 'orquesta_trace_events_exported_total'

/** Polls a tracing counter until it reaches `atLeast` or 5 s pass; returns its last value. */
const until = async (counter: (name: CounterName) => Promise<number>, name: CounterName, atLeast: number): Promise<number> => {
    const deadline = Date.now() + 5_000
    let value = await counter(name)
    while (value < atLeast && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        value = await counter(name)
    }
    return value
}

/** Wall time (ms) of `count` router calls traced back to back. */
const timeTracing = (tracer: Tracer, count: number) => {
    const started = performance.now()
    for (let i = 0; i < count; i++) tracer.traceRouterCall(routerCall(), attribution)
    return performance.now() - started
}

for (const backendCase of [langfuseCase, langsmithCase]) {
    describe(`tracing backend conformance: ${backendCase.name}`, { timeout: 60_000 }, () => {
        const collectors: HttpCollector[] = []
        after(async () => Promise.all(collectors.map((c) => c.stop())))
        const start = async (mode?: CollectorMode) => {
            const started = await backendCase.start(mode)
            collectors.push(started.collector)
            return started
        }

        it('carries tags, the chosen model, the decision record, usage and cost of a router call, and no secret', async () => {
            const { collector, backend } = await start()
            const { tracer, counter } = tracerWith(backend)
            tracer.traceRouterCall(routerCall(), { ...attribution, metadata: { ...attribution.metadata } })
            const [call] = await waitFor('the router call', () => {
                const calls = backendCase.routerCalls(collector)
                return calls.length > 0 ? calls : undefined
            })
            assert.deepEqual(call, {
                tags: ['orchestration', 'coding', 'security:confidential', 'team-a'],
                model: 'standard',
                inputTokens: 42,
                outputTokens: 7,
                costUsd: 0.000056,
                decisionModel: 'standard',
                securityLevel: 'confidential'
            })
            assert.equal(await until(counter, 'orquesta_trace_events_exported_total', 1), 1)
            for (const request of collector.requests) {
                for (const secret of [LANGFUSE_SECRET, LANGSMITH_KEY, PROXY_KEY])
                    assert.ok(!request.body.includes(secret), `${secret} in a payload`)
            }
        })

        it('traces an evaluation run with its scores per model and category', async () => {
            const { collector, backend } = await start()
            const { tracer } = tracerWith(backend)
            tracer.traceEvaluationRun({
                runId: 'eval-run-1',
                suite: 'smoke',
                trigger: 'daily',
                models: ['budget', 'premium'],
                startedAt: Date.now() - 5_000,
                finishedAt: Date.now(),
                status: 'completed',
                scores: [
                    { model: 'budget', category: 'coding', score: 0.5, n: 30 },
                    { model: 'premium', category: 'coding', score: 0.9, n: 30 },
                    { model: 'premium', category: 'general', score: 0.95, n: 40 }
                ]
            })
            const scores = await waitFor('the scores', () => {
                const seen = backendCase.scores(collector)
                return seen.length >= 3 ? seen : undefined
            })
            const key = (s: { model: string; category: string }) => `${s.model}/${s.category}`
            assert.deepEqual(
                scores.sort((a, b) => key(a).localeCompare(key(b))),
                [
                    { model: 'budget', category: 'coding', score: 0.5 },
                    { model: 'premium', category: 'coding', score: 0.9 },
                    { model: 'premium', category: 'general', score: 0.95 }
                ]
            )
        })

        it('traces an optimizer run as its own trace', async () => {
            const { collector, backend } = await start()
            const { tracer } = tracerWith(backend)
            tracer.traceOptimizerRun({
                source: 'rest',
                startedAt: Date.now() - 10,
                finishedAt: Date.now(),
                status: 'ok',
                nodes: 12,
                changesByPass: { 'add-cache': 2 }
            })
            const [run] = await waitFor('the optimizer run', () => {
                const runs = backendCase.optimizerRuns(collector)
                return runs.length > 0 ? runs : undefined
            })
            assert.deepEqual(run, { status: 'ok', changes: { 'add-cache': 2 } })
        })

        it('with the backend down (connection refused), neither throws nor waits, and counts the records dropped', async () => {
            const { tracer, counter } = tracerWith(backendCase.backendAt(await deadUrl()))
            const ms = timeTracing(tracer, 25)
            assert.ok(ms < 25, `tracing 25 calls took ${ms.toFixed(2)} ms`)
            assert.equal(await until(counter, 'orquesta_trace_events_dropped_total', 25), 25)
        })

        it('with the backend hanging, keeps at most the queue bound, drops the rest and aborts slow exports', async () => {
            const { collector } = await start('hang')
            const { tracer, counter } = tracerWith(backendCase.backendAt(collector.url), { ...FAST, maxQueued: 20, batchSize: 5 })
            const ms = timeTracing(tracer, 200)
            assert.ok(ms < 50, `tracing 200 calls took ${ms.toFixed(2)} ms`)
            assert.ok(tracer.queued <= 20, `${tracer.queued} records queued`)
            assert.ok((await counter('orquesta_trace_events_dropped_total')) >= 180)
            // The first export hangs until its time limit, then its batch is dropped too.
            assert.ok((await until(counter, 'orquesta_trace_events_dropped_total', 185)) >= 185)
            await tracer.shutdown(100)
        })
    })
}

describe('langfuse backend: events the server refuses (207 errors)', () => {
    it('counts the refused records as dropped', async () => {
        const collector = await new LangfuseCollector('pk-lf-test', LANGFUSE_SECRET).start()
        try {
            const { tracer, counter } = tracerWith(langfuseCase.backendAt(collector.url))
            collector.rejectTraceIds.add('eval-refused')
            tracer.traceEvaluationRun({
                runId: 'eval-refused',
                suite: 'smoke',
                trigger: 'manual',
                models: [],
                startedAt: Date.now(),
                finishedAt: Date.now(),
                status: 'failed',
                scores: []
            })
            tracer.traceRouterCall(routerCall(), attribution)
            await tracer.flush(2_000)
            assert.equal(await counter('orquesta_trace_events_dropped_total'), 1)
            assert.equal(await counter('orquesta_trace_events_exported_total'), 1)
        } finally {
            await collector.stop()
        }
    })
})
