import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import net from 'node:net'
import { inspect } from 'node:util'
import { after, before, beforeEach, describe, it } from 'node:test'
import { AIMessage, AIMessageChunk, HumanMessage } from '@langchain/core/messages'
import { tool } from '@langchain/core/tools'
import { cloneDeep } from 'lodash'
import { z } from 'zod'
import { roundUsd } from '../../../plugin/format/roundForPeople'
import { LiteLLMClient, ProxyEndpoint } from '../../../plugin/litellm/LiteLLMClient'
import { ProxyAuthError, ProxyUnreachableError } from '../../../plugin/litellm/errors'
import { LatencyTracker } from '../../../plugin/router/LatencyTracker'
import {
    LiteLLMRouterChatModel,
    type LiteLLMRouterChatModelFields,
    type RoutingRecord
} from '../../../plugin/router/LiteLLMRouterChatModel'
import { AllCandidatesFailedError, NoCandidateError } from '../../../plugin/router/errors'
import type { ModelProfile } from '../../../plugin/router/types'
import { freePort } from '../../../scripts/lib/processes'
import { startPrefixProxy } from '../../support/prefixProxy'
import { startTestStack, upstream, type TestStack } from '../../support/stack'
import { streamChatCompletion } from '../../../plugin/evaluation/runner/streamChatCompletion'

let stack: TestStack
let profiles: ModelProfile[]

const routerFor = (overrides: Partial<LiteLLMRouterChatModelFields> = {}) =>
    new LiteLLMRouterChatModel({
        endpoint: new ProxyEndpoint(stack.litellm.url, stack.masterKey),
        candidates: profiles,
        routing: { strategy: 'cost-based', category: 'general', required: [], preferred: [], defaultOutputTokens: 256 },
        reliability: { maxAttempts: 3, attemptTimeoutMs: 5_000, totalTimeoutMs: 15_000 },
        latency: new LatencyTracker(),
        temperature: 0,
        ...overrides
    })

const recordOf = (message: { response_metadata: Record<string, unknown> }) => message.response_metadata.orquesta as RoutingRecord

describe('LiteLLMRouterChatModel through a real LiteLLM proxy', { timeout: 240_000 }, () => {
    before(async () => {
        stack = await startTestStack()
        profiles = await new LiteLLMClient(new ProxyEndpoint(stack.litellm.url, stack.masterKey)).listModels()
    })
    after(async () => stack?.stop())
    beforeEach(() => stack.provider.reset())

    it('reads prices, capabilities and Orquesta priors from /model/info', () => {
        const premium = profiles.find((p) => p.name === 'premium')
        assert.deepEqual(
            profiles.map((p) => p.name),
            ['budget', 'premium', 'standard']
        )
        assert.equal(premium?.inputCostPerToken, 1e-5)
        assert.equal(premium?.outputCostPerToken, 3e-5)
        assert.equal(premium?.supportsVision, true)
        assert.equal(premium?.quality.general, 0.95)
        assert.equal(premium?.priorLatencyMs, 1200)
        assert.equal(premium?.provider, 'openai')
    })

    it('answers with the model the policy picks (cheapest, then best quality)', async () => {
        const cheap = await routerFor().invoke('hello there')
        assert.equal(cheap.content, `[${upstream('budget')}] hello there`)
        assert.equal(recordOf(cheap).model, 'budget')

        const best = await routerFor({
            routing: { strategy: 'quality-first', category: 'general', required: [], preferred: [], defaultOutputTokens: 256 }
        }).invoke('hello there')
        assert.equal(best.content, `[${upstream('premium')}] hello there`)
        assert.deepEqual(
            stack.provider.requests.map((r) => r.model),
            [upstream('budget'), upstream('premium')]
        )
    })

    it('keeps recording latencies into the shared store after Flowise deep-clones the model', async () => {
        const tracker = new LatencyTracker()
        await cloneDeep(routerFor({ latency: tracker })).invoke('clone me')
        assert.equal(tracker.count('budget'), 1)
        assert.ok((tracker.median('budget') ?? -1) > 0)
    })

    it('attaches the decision: chosen model, each candidate with its score, and every exclusion with its reason', async () => {
        const answer = await routerFor({
            routing: { strategy: 'cost-based', category: 'coding', minQuality: 0.7, required: [], preferred: [], defaultOutputTokens: 256 }
        }).invoke('write a function')
        const record = recordOf(answer)
        assert.equal(record.model, 'standard')
        assert.deepEqual(
            record.candidates.map((c) => c.model),
            ['standard', 'premium']
        )
        assert.ok(record.candidates.every((c) => typeof c.score === 'number' && c.estimatedCostUsd > 0))
        assert.deepEqual(JSON.parse(JSON.stringify(record.excluded)), [
            { model: 'budget', reason: 'under-quality', detail: 'quality 0.50 for coding < min 0.7' }
        ])
    })

    it('accounts cost as usage × the proxy prices and cross-checks x-litellm-response-cost', async () => {
        stack.provider.script(upstream('standard'), {
            reply: 'four words of answer',
            usage: { prompt_tokens: 1200, completion_tokens: 300 }
        })
        const answer = await routerFor({
            routing: { strategy: 'cost-based', category: 'general', required: [], preferred: ['standard'], defaultOutputTokens: 256 }
        }).invoke('price me')
        const record = recordOf(answer)
        assert.deepEqual(record.usage, { inputTokens: 1200, outputTokens: 300 })
        const expected = 1200 * 1e-6 + 300 * 2e-6
        assert.ok(Math.abs((record.costUsd ?? 0) - expected) < 1e-12, `cost ${record.costUsd} vs ${expected}`)
        assert.ok(record.proxyCostUsd !== undefined, 'LiteLLM sent x-litellm-response-cost')
        assert.ok(Math.abs(record.proxyCostUsd - expected) < 1e-9, `proxy cost ${record.proxyCostUsd}`)
        assert.equal(record.costMismatch, false)
        assert.ok((record.proxyDurationMs ?? -1) >= 0)
    })

    it('reports usage once however the answer is put together (issue 13 §2: Agentflow showed 202 for 101)', async () => {
        stack.provider.script(upstream('budget'), {
            reply: 'five words in the answer',
            usage: { prompt_tokens: 101, completion_tokens: 5 }
        })
        const exactUsage = { prompt_tokens: 101, completion_tokens: 5, total_tokens: 106 }
        const expectedCost = roundUsd(101 * 1e-7 + 5 * 2e-7)
        const check = (message: AIMessage | AIMessageChunk, how: string) => {
            assert.deepEqual(message.response_metadata.usage, exactUsage, how)
            assert.deepEqual(
                [message.usage_metadata?.input_tokens, message.usage_metadata?.output_tokens, message.usage_metadata?.total_tokens],
                [101, 5, 106],
                how
            )
            const record = recordOf(message)
            assert.deepEqual(record.usage, { inputTokens: 101, outputTokens: 5 }, how)
            assert.equal(record.costUsd, expectedCost, how)
            assert.match(
                String(message.response_metadata.orquesta_summary),
                /^budget \(cost-based\) · 101 in \/ 5 out tokens · \$0\.0000111 · /
            )
        }
        // Agentflow's LLM and Agent nodes add up the chunks of `.stream()` (as here); other nodes call `invoke`.
        let concatenated: AIMessageChunk | undefined
        for await (const chunk of await routerFor({ streaming: true }).stream('count me'))
            concatenated = concatenated ? concatenated.concat(chunk) : chunk
        check(concatenated!, 'stream, chunks concatenated')
        check((await routerFor({ streaming: true }).invoke('count me')) as AIMessage, 'invoke, streaming')
        check((await routerFor({ streaming: false }).invoke('count me')) as AIMessage, 'invoke, not streaming')
    })

    it('sends user, tags and Flowise metadata the way LiteLLM documents, and LiteLLM records them', async () => {
        await routerFor({
            attribution: {
                user: 'end-user-42',
                tags: ['orchestration', 'general'],
                metadata: { chatflow_id: 'flow-1', chat_id: 'chat-1' }
            }
        }).invoke('attribute me')
        // LiteLLM runs its callbacks after answering: wait for this call's record.
        type Recorded = { user: string; tags: string[]; requester_metadata: Record<string, unknown> }
        let last: Recorded | undefined
        for (let i = 0; i < 100 && !last; i++) {
            const lines = existsSync(stack.callbackLog) ? readFileSync(stack.callbackLog, 'utf8').split('\n').filter(Boolean) : []
            last = lines.map((l) => JSON.parse(l) as Recorded).find((r) => r.user === 'end-user-42')
            if (!last) await new Promise((r) => setTimeout(r, 100))
        }
        assert.ok(last, 'the LiteLLM callback recorded the call')
        assert.equal(last.user, 'end-user-42')
        assert.deepEqual(last.tags, ['orchestration', 'general'])
        assert.equal(last.requester_metadata.chatflow_id, 'flow-1')
        assert.equal(last.requester_metadata.chat_id, 'chat-1')
    })

    for (const [label, script] of [
        ['HTTP 500', { failWith: { status: 500 } }],
        ['HTTP 429', { failWith: { status: 429 } }],
        ['a time-out', { hang: true }]
    ] as const) {
        it(`moves to the next candidate on ${label} before the first token`, async () => {
            stack.provider.script(upstream('budget'), script)
            const started = Date.now()
            const answer = await routerFor({ reliability: { maxAttempts: 3, attemptTimeoutMs: 1_500, totalTimeoutMs: 10_000 } }).invoke(
                'fall back'
            )
            const record = recordOf(answer)
            assert.equal(record.model, 'standard')
            assert.equal(answer.content, `[${upstream('standard')}] fall back`)
            assert.deepEqual(
                record.attempts.map((a) => [a.model, a.outcome]),
                [
                    ['budget', 'failed'],
                    ['standard', 'ok']
                ]
            )
            assert.ok(Date.now() - started < 8_000)
        })
    }

    it('stops at the attempt budget and lists every failed try', async () => {
        stack.provider.script(upstream('budget'), { failWith: { status: 503 } })
        stack.provider.script(upstream('standard'), { failWith: { status: 500 } })
        await assert.rejects(
            routerFor({ reliability: { maxAttempts: 2, attemptTimeoutMs: 2_000, totalTimeoutMs: 10_000 } }).invoke('no luck'),
            (error: unknown) => {
                assert.ok(error instanceof AllCandidatesFailedError)
                assert.deepEqual(
                    error.attempts.map((a) => a.model),
                    ['budget', 'standard']
                )
                assert.equal(error.budgetExhausted, 'attempts')
                assert.match(error.message, /budget after \d+ ms: upstream: .*HTTP 503: litellm\.ServiceUnavailableError/)
                return true
            }
        )
        assert.equal(stack.provider.requestsFor(upstream('premium')).length, 0)
    })

    it('stops at the total time budget', async () => {
        for (const p of profiles) stack.provider.script(upstream(p.name), { hang: true })
        const started = Date.now()
        await assert.rejects(
            routerFor({ reliability: { maxAttempts: 3, attemptTimeoutMs: 1_000, totalTimeoutMs: 1_500 } }).invoke('slow'),
            AllCandidatesFailedError
        )
        assert.ok(Date.now() - started < 4_000, `gave up after ${Date.now() - started} ms`)
    })

    it('streams tokens and records time to first token', async () => {
        stack.provider.script(upstream('budget'), { reply: 'one two three four', chunkDelayMs: 20 })
        const chunks: string[] = []
        let last: RoutingRecord | undefined
        for await (const chunk of await routerFor({ streaming: true }).stream('stream please')) {
            if (chunk.text) chunks.push(chunk.text)
            last = (chunk.response_metadata.orquesta as RoutingRecord | undefined) ?? last
        }
        assert.equal(chunks.join(''), 'one two three four')
        assert.ok(chunks.length >= 4)
        assert.equal(last?.model, 'budget')
        assert.ok((last?.timeToFirstTokenMs ?? -1) >= 0)
        assert.deepEqual(last?.usage, { inputTokens: last?.usage?.inputTokens, outputTokens: 4 })
    })

    it('falls back when a stream is cut before its first token', async () => {
        stack.provider.script(upstream('budget'), { reply: 'never arrives', cutStreamAfterChunks: 0 })
        const chunks: string[] = []
        for await (const chunk of await routerFor({ streaming: true }).stream('cut early')) if (chunk.text) chunks.push(chunk.text)
        assert.equal(chunks.join(''), `[${upstream('standard')}] cut early`)
    })

    it('never retries once tokens have reached the caller', async () => {
        // Slow chunks, so that LiteLLM has forwarded the first ones when the upstream breaks.
        stack.provider.script(upstream('budget'), { reply: 'alpha beta gamma delta', cutStreamAfterChunks: 2, chunkDelayMs: 150 })
        const chunks: string[] = []
        await assert.rejects(async () => {
            for await (const chunk of await routerFor({ streaming: true }).stream('cut late')) if (chunk.text) chunks.push(chunk.text)
        })
        assert.ok(chunks.length >= 1 && 'alpha beta '.startsWith(chunks.join('')), `received ${JSON.stringify(chunks)}`)
        assert.equal(stack.provider.requestsFor(upstream('standard')).length, 0)
    })

    it('routes tool calls only to tool-capable models and returns them as LangChain tool calls', async () => {
        const weather = tool(async ({ city }) => `sunny in ${city}`, {
            name: 'get_weather',
            description: 'Weather for a city',
            schema: z.object({ city: z.string() })
        })
        stack.provider.script(upstream('budget'), { reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Lima"}' }] } })
        const answer = await routerFor().bindTools([weather]).invoke('weather in Lima?')
        assert.deepEqual(
            answer.tool_calls?.map((c) => [c.name, c.args]),
            [['get_weather', { city: 'Lima' }]]
        )
        const sent = stack.provider.requestsFor(upstream('budget'))[0].body
        assert.equal((sent.tools as { function: { name: string } }[])[0].function.name, 'get_weather')
    })

    it('supports structured output', async () => {
        stack.provider.script(upstream('budget'), {
            reply: { toolCalls: [{ name: 'person', arguments: '{"name":"Ada","age":36}' }] }
        })
        const schema = z.object({ name: z.string(), age: z.number() })
        const result = await routerFor().withStructuredOutput(schema, { name: 'person' }).invoke('who?')
        assert.deepEqual(result, { name: 'Ada', age: 36 })
    })

    it('requires vision for image inputs', async () => {
        const message = new HumanMessage({
            content: [
                { type: 'text', text: 'what is this?' },
                { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }
            ]
        })
        const answer = await routerFor().invoke([message])
        assert.equal(recordOf(answer).model, 'standard')
        assert.ok(recordOf(answer).excluded.some((e) => e.model === 'budget' && e.reason === 'missing-capability'))
    })

    it('explains, model by model, when no candidate satisfies the constraints', async () => {
        await assert.rejects(
            routerFor({
                routing: {
                    strategy: 'balanced',
                    category: 'general',
                    maxCostUsd: 1e-9,
                    required: [],
                    preferred: [],
                    defaultOutputTokens: 256
                }
            }).invoke('x'),
            (error: unknown) => {
                assert.ok(error instanceof NoCandidateError)
                assert.match(error.message, /budget: over-cost \(estimated \$/)
                assert.match(error.message, /premium: over-cost/)
                assert.match(error.message, /standard: over-cost/)
                return true
            }
        )
        assert.equal(stack.provider.requests.length, 0)
    })

    it('says the key is wrong when the proxy rejects it', async () => {
        await assert.rejects(routerFor({ endpoint: new ProxyEndpoint(stack.litellm.url, 'sk-wrong') }).invoke('x'), ProxyAuthError)
        await assert.rejects(new LiteLLMClient(new ProxyEndpoint(stack.litellm.url, 'sk-wrong')).listModels(), /rejected the API key/)
    })

    it('works behind a path prefix everywhere: routed calls, the evaluation runner, /model/info and readiness', async () => {
        const gateway = await startPrefixProxy(stack.litellm.url, '/litellm')
        try {
            const endpoint = new ProxyEndpoint(gateway.url, stack.masterKey)
            const client = new LiteLLMClient(endpoint)
            assert.deepEqual(
                (await client.listModels()).map((m) => m.name),
                ['budget', 'premium', 'standard']
            )
            assert.equal(await client.isReady(), true)
            const answer = await routerFor({ endpoint }).invoke('through the gateway')
            assert.equal(answer.content, `[${upstream('budget')}] through the gateway`)
            const streamed = await routerFor({ endpoint, streaming: true }).invoke('streamed through the gateway')
            assert.equal(streamed.content, `[${upstream('budget')}] streamed through the gateway`)
            const measured = await streamChatCompletion(endpoint, {
                model: 'standard',
                messages: [{ role: 'user', content: 'measured through the gateway' }],
                timeoutMs: 10_000
            })
            assert.equal(measured.output, `[${upstream('standard')}] measured through the gateway`)
        } finally {
            await gateway.stop()
        }
    })

    it('keeps the LangChain contract: AIMessage with finish reason, model and usage, streaming or not; LangSmith params', async () => {
        for (const streaming of [false, true]) {
            // LangChain types a chat model's answer as a chunk; what `invoke` must return is an AIMessage.
            const answer = (await routerFor({ streaming }).invoke('contract')) as unknown as AIMessage
            assert.ok(AIMessage.isInstance(answer) && !AIMessageChunk.isInstance(answer), `an AIMessage (streaming ${streaming})`)
            assert.equal(answer.response_metadata.finish_reason, 'stop')
            assert.equal(answer.response_metadata.model_name, 'budget')
            assert.equal(answer.response_metadata.model, 'budget')
            assert.ok((answer.usage_metadata?.output_tokens ?? 0) > 0)
            assert.equal(answer.usage_metadata?.total_tokens, answer.usage_metadata!.input_tokens + answer.usage_metadata!.output_tokens)
        }
        const params = routerFor({ maxTokens: 99 }).getLsParams({} as never)
        assert.deepEqual(
            [params.ls_provider, params.ls_model_name, params.ls_temperature, params.ls_max_tokens, params.ls_model_type],
            ['litellm', 'budget|premium|standard', 0, 99, 'chat']
        )
    })

    it('forces the tool for structured output, and supports jsonSchema and jsonMode', async () => {
        const schema = z.object({ name: z.string(), age: z.number() })
        stack.provider.script(upstream('budget'), { reply: { toolCalls: [{ name: 'person', arguments: '{"name":"Ada","age":36}' }] } })
        assert.deepEqual(await routerFor().withStructuredOutput(schema, { name: 'person' }).invoke('who?'), { name: 'Ada', age: 36 })
        const forced = stack.provider.requestsFor(upstream('budget'))[0].body
        assert.deepEqual(forced.tool_choice, { type: 'function', function: { name: 'person' } })

        stack.provider.script(upstream('budget'), { reply: '{"name":"Grace","age":45}' })
        for (const method of ['jsonSchema', 'jsonMode'] as const) {
            const result = (await routerFor()
                .withStructuredOutput(schema, { name: 'person', method, includeRaw: true })
                .invoke('who?')) as unknown as {
                parsed: unknown
            }
            assert.deepEqual(result.parsed, { name: 'Grace', age: 45 }, method)
        }
        const [, schemaCall, modeCall] = stack.provider
            .requestsFor(upstream('budget'))
            .map((r) => r.body.response_format as { type: string })
        assert.equal(schemaCall.type, 'json_schema')
        assert.equal(modeCall.type, 'json_object')
    })

    it('excludes candidates that cannot take audio or file parts', async () => {
        const message = new HumanMessage({
            content: [
                { type: 'text', text: 'listen' },
                { type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }
            ]
        })
        await assert.rejects(routerFor().invoke([message]), (error: unknown) => {
            assert.ok(error instanceof NoCandidateError)
            assert.match(error.message, /budget: missing-capability \(does not support audio\)/)
            return true
        })
        assert.equal(stack.provider.requests.length, 0)
    })

    it('never shows the key when the model is inspected or logged', () => {
        const model = routerFor()
        for (const text of [inspect(model, { depth: 20 }), inspect(cloneDeep(model), { depth: 20 }), JSON.stringify(model)]) {
            assert.ok(!text.includes(stack.masterKey))
        }
    })

    it('retries an unreachable proxy within Total Timeout only, then names its URL', async () => {
        const deadUrl = `http://127.0.0.1:${await freePort()}`
        const started = Date.now()
        const router = routerFor({
            endpoint: new ProxyEndpoint(deadUrl, 'sk-x'),
            reliability: { maxAttempts: 3, attemptTimeoutMs: 1_000, totalTimeoutMs: 1_500 }
        })
        await assert.rejects(router.invoke('x'), (error: unknown) => {
            assert.ok(error instanceof ProxyUnreachableError)
            assert.ok(error.message.includes(deadUrl))
            return true
        })
        const elapsed = Date.now() - started
        assert.ok(elapsed >= 1_000 && elapsed < 3_000, `gave up after ${elapsed} ms`)
        await assert.rejects(new LiteLLMClient(new ProxyEndpoint(deadUrl, 'sk-x'), 1_000).listModels(), ProxyUnreachableError)
    })

    it('takes a connection the proxy drops before answering (a restart) for the proxy being down, not the model failing', async () => {
        // A proxy going down mid-restart accepts the request, then closes the socket without a word.
        const dropping = net.createServer((socket) => socket.once('data', () => socket.destroy()))
        await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve))
        try {
            const endpoint = new ProxyEndpoint(`http://127.0.0.1:${(dropping.address() as net.AddressInfo).port}`, 'sk-x')
            const client = new LiteLLMClient(endpoint)
            const body = { model: 'budget', messages: [{ role: 'user' as const, content: 'x' }] }
            await assert.rejects(
                client.chat(body),
                (error: unknown) => error instanceof ProxyUnreachableError && error.code === 'unreachable'
            )
            await assert.rejects(client.streamChat({ ...body, stream: true }), (error: unknown) => error instanceof ProxyUnreachableError)
            // So the router waits for the proxy within Total Timeout instead of spending its candidates.
            const router = routerFor({ endpoint, reliability: { maxAttempts: 3, attemptTimeoutMs: 1_000, totalTimeoutMs: 600 } })
            await assert.rejects(router.invoke('x'), ProxyUnreachableError)
        } finally {
            await new Promise((resolve) => dropping.close(resolve))
        }
    })
})
