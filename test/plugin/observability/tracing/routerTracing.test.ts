import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { LangChainTracer } from '@langchain/core/tracers/tracer_langchain'
import { Client } from 'langsmith'
import { roundUsd } from '../../../../plugin/format/roundForPeople'
import { LiteLLMClient, ProxyEndpoint } from '../../../../plugin/litellm/LiteLLMClient'
import { OrquestaMetrics } from '../../../../plugin/observability/metrics'
import { createTracer } from '../../../../plugin/observability/tracing/tracingConfig'
import type { Tracer } from '../../../../plugin/observability/tracing/Tracer'
import { LatencyTracker } from '../../../../plugin/router/LatencyTracker'
import { LiteLLMRouterChatModel } from '../../../../plugin/router/LiteLLMRouterChatModel'
import type { Attribution } from '../../../../plugin/router/routerSettings'
import type { ModelProfile } from '../../../../plugin/router/types'
import { median } from '../../../../bench/stats'
import { deadUrl } from '../../../support/collectors/httpCollector'
import { waitFor } from '../../../support/waitFor'
import { LangfuseCollector } from '../../../support/collectors/langfuseCollector'
import { LangSmithCollector } from '../../../support/collectors/langsmithCollector'
import { startTestStack, type TestStack } from '../../../support/stack'

const LIMITS = { maxQueued: 50, batchSize: 5, flushIntervalMs: 10, exportTimeoutMs: 200 }
/** How much slower (ms, at the median) a router call may be with a dead or hanging tracing backend. */
const MAX_EXTRA_MS = 10

const attribution: Attribution = {
    user: 'user-7',
    tags: ['orchestration', 'general', 'security:internal'],
    metadata: { chat_id: 'chat-7', session_id: 'session-7', security_level: 'internal' }
}

let stack: TestStack
let profiles: ModelProfile[]
const collectors: { stop(): Promise<void> }[] = []

const routerWith = (tracer?: Tracer) => {
    return new LiteLLMRouterChatModel({
        endpoint: new ProxyEndpoint(stack.litellm.url, stack.masterKey),
        candidates: profiles,
        routing: { strategy: 'cost-based', category: 'general', required: [], preferred: [], defaultOutputTokens: 64 },
        reliability: { maxAttempts: 2, attemptTimeoutMs: 10_000, totalTimeoutMs: 20_000 },
        latency: new LatencyTracker(),
        temperature: 0,
        streaming: false,
        attribution,
        observe: tracer ? (event) => tracer.traceRouterCall(event, attribution) : undefined
    })
}

const tracerAt = (langfuseUrl: string, langsmithUrl: string) => {
    const metrics = new OrquestaMetrics({ defaultMetrics: false })
    const tracer = createTracer(
        {
            langfuse: { baseUrl: langfuseUrl, publicKey: 'pk-lf', secretKey: 'sk-lf-secret' },
            langsmith: { endpoint: langsmithUrl, apiKey: 'ls-key', project: 'orquesta' },
            limits: LIMITS
        },
        metrics
    )
    const dropped = async () => (await metrics.traceEventsDropped.get()).values.reduce((total, v) => total + v.value, 0)
    return { tracer, dropped }
}

/** Median wall time (ms) of router calls, alternating between routers so that drift affects each alike. */
const medianCallMs = async (routers: readonly LiteLLMRouterChatModel[], rounds: number): Promise<number[]> => {
    const times = routers.map(() => [] as number[])
    for (let round = 0; round < rounds; round++) {
        for (const [i, router] of routers.entries()) {
            const started = performance.now()
            await router.invoke(`round ${round}`)
            times[i].push(performance.now() - started)
        }
    }
    return times.map(median)
}

describe('router calls traced through a real LiteLLM proxy', { timeout: 240_000 }, () => {
    before(async () => {
        stack = await startTestStack()
        profiles = await new LiteLLMClient(new ProxyEndpoint(stack.litellm.url, stack.masterKey)).listModels()
    })
    after(async () => {
        await Promise.all(collectors.map((c) => c.stop()))
        await stack?.stop()
    })

    it('sends the chosen model, usage and cost the proxy reported to Langfuse and LangSmith', async () => {
        const langfuse = await new LangfuseCollector('pk-lf', 'sk-lf-secret').start()
        const langsmith = await new LangSmithCollector('ls-key').start()
        collectors.push(langfuse, langsmith)
        const { tracer } = tracerAt(langfuse.url, langsmith.url)
        const answer = await routerWith(tracer).invoke('hello tracing')
        const record = answer.response_metadata.orquesta as {
            model: string
            usage: { inputTokens: number; outputTokens: number }
            costUsd: number
        }
        const generation = await waitFor('the Langfuse generation', () => langfuse.events.find((e) => e.type === 'generation-create'))
        assert.equal(generation.body.model, record.model)
        assert.deepEqual(generation.body.usageDetails, {
            input: record.usage.inputTokens,
            output: record.usage.outputTokens,
            total: record.usage.inputTokens + record.usage.outputTokens
        })
        // Traces carry the exact cost (they are summed); the record's is rounded for people.
        assert.equal(roundUsd((generation.body.costDetails as { total: number }).total), record.costUsd)
        const run = await waitFor('the LangSmith run', () => langsmith.runs.find((r) => r.name === 'LiteLLMRouter'))
        assert.deepEqual(run.tags, ['orchestration', 'general', 'security:internal'])
        assert.equal((run.extra as { metadata: Record<string, unknown> }).metadata.ls_model_name as string, record.model)
        for (const request of [...langfuse.requests, ...langsmith.requests]) assert.ok(!request.body.includes(stack.masterKey))
    })

    it('gives the LangChain run its tags and metadata, as a Flowise analytics handler (LangChainTracer) sees them', async () => {
        const langsmith = await new LangSmithCollector('ls-flowise-key').start()
        collectors.push(langsmith)
        const client = new Client({ apiUrl: langsmith.url, apiKey: 'ls-flowise-key', autoBatchTracing: false })
        const handler = new LangChainTracer({ projectName: 'flowise', client: client as never })
        await routerWith().invoke('hello Flowise', { callbacks: [handler] })
        const run = await waitFor('the LangChain run', () => langsmith.runs.find((r) => r.tags?.includes('orchestration')))
        assert.deepEqual(run.tags, ['orchestration', 'general', 'security:internal'])
        const metadata = (run.extra as { metadata: Record<string, unknown> }).metadata
        assert.equal(metadata.security_level, 'internal')
        assert.equal(metadata.chat_id, 'chat-7')
    })

    it('is not slowed when the tracing backends refuse connections or never answer', async (t) => {
        const hanging = [
            await new LangfuseCollector('pk-lf', 'sk-lf-secret', 'hang').start(),
            await new LangSmithCollector('ls-key', 'hang').start()
        ]
        collectors.push(...hanging)
        const dead = tracerAt(await deadUrl(), await deadUrl())
        const hung = tracerAt(hanging[0].url, hanging[1].url)
        const routers = [routerWith(), routerWith(dead.tracer), routerWith(hung.tracer)]
        await medianCallMs(routers, 3)
        const [none, refused, silent] = await medianCallMs(routers, 21)
        t.diagnostic(
            `median router call: ${none.toFixed(2)} ms untraced, ${refused.toFixed(2)} ms dead backends, ${silent.toFixed(2)} ms hanging backends`
        )
        assert.ok(refused - none < MAX_EXTRA_MS, `median ${refused.toFixed(1)} ms with a dead backend, ${none.toFixed(1)} ms without`)
        assert.ok(silent - none < MAX_EXTRA_MS, `median ${silent.toFixed(1)} ms with a hanging backend, ${none.toFixed(1)} ms without`)
        // Both tracers did try to export, and counted what they lost.
        await waitFor('drops with the dead backends', async () => ((await dead.dropped()) >= 48 ? true : undefined))
        assert.ok((await dead.dropped()) >= 48)
        assert.ok((await hung.dropped()) > 0)
        assert.ok(hung.tracer.queued <= 2 * LIMITS.maxQueued)
        await Promise.all([dead.tracer.shutdown(100), hung.tracer.shutdown(100)])
    })
})
