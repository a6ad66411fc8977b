import type { ChatCompletion, ChatCompletionChunk, ChatCompletionStreamRequest, LiteLLMClient } from '../litellm/LiteLLMClient'
import { computeCallCost, type TokenUsage } from './callCost'
import { NoCandidateError } from './errors'
import type { LatencyTracker } from './LatencyTracker'
import type { HealthView, ModelHealth } from './ModelHealth'
import type { Attribution, ReliabilitySettings, RoutingSettings } from './routerSettings'
import { roundMs, roundMsOrUndefined, roundUsdOrUndefined } from '../format/roundForPeople'
import { summarize, type RouterCallEvent, type RoutingRecord } from './routingRecord'
import { runWithFallbacks, systemClock, type AttemptRecord, type Clock } from './runWithFallbacks'
import { selectModel } from './selectModel'
import type { Capability, Decision, ModelProfile, RankedCandidate } from './types'

/** What a request asks of the proxy, without the model: messages, tools, response format, sampling. */
export type ChatBody = Omit<ChatCompletionStreamRequest, 'model' | 'stream' | 'stream_options'>

export interface ChatRequest {
    readonly body: ChatBody
    /** Capabilities the request needs on top of the node's own (tools, JSON, media). */
    readonly required: readonly Capability[]
    /** Estimated prompt tokens. */
    readonly inputTokens: number
    readonly signal?: AbortSignal
}

/** A routing decision, with the health and latency adjustments applied. */
export interface RouteDecision {
    readonly decision: Decision
    /** The order to try candidates in: healthy ones first, open circuits last (tried only when nothing else is left). */
    readonly order: readonly RankedCandidate[]
    readonly health: readonly HealthView[]
    readonly latencyLimitRelaxed: boolean
    /** Probe slots this call holds, released when it ends. */
    readonly probes: readonly string[]
}

/**
 * When a stream commits to its model: at the first token (the caller sees tokens as they come,
 * and a break after that is the caller's error), or at its end (nothing reaches the caller before
 * the whole answer, so a break mid-stream still falls back to the next model).
 */
export type CommitPoint = 'first-token' | 'end'

export interface ChatRouterOptions {
    readonly client: LiteLLMClient
    readonly candidates: readonly ModelProfile[]
    readonly routing: RoutingSettings
    readonly reliability: ReliabilitySettings
    readonly latency: LatencyTracker
    readonly health: ModelHealth
    readonly sampling?: Sampling
    readonly attribution?: Attribution
    readonly clock?: Clock
    readonly observe?: (event: RouterCallEvent) => void
    readonly debug?: (message: string) => void
}

/** The node's sampling settings, sent with every request. */
export interface Sampling {
    readonly temperature?: number
    readonly maxTokens?: number
    readonly topP?: number
    readonly frequencyPenalty?: number
    readonly presencePenalty?: number
    readonly stop?: readonly string[]
}

const hasPayload = (chunk: ChatCompletionChunk): boolean => {
    const delta = chunk.choices?.[0]?.delta as { content?: string | null; tool_calls?: unknown[]; refusal?: string | null } | undefined
    return !!delta && (!!delta.content || (delta.tool_calls?.length ?? 0) > 0 || !!delta.refusal)
}

const usageOf = (usage: { prompt_tokens?: number; completion_tokens?: number } | null | undefined): TokenUsage | undefined =>
    usage ? { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 } : undefined

/**
 * LiteLLM goes on calling the upstream after its client has gone (until its own time-out), so
 * every abandoned try would keep a connection to the provider open. Telling it the try's time
 * limit (`x-litellm-timeout`, seconds) makes it give up on the upstream when the router does.
 */
const proxyTimeout = (timeoutMs: number): Record<string, string> => ({
    'x-litellm-timeout': String(Math.max(1, Math.ceil(timeoutMs / 1000)))
})

interface OpenedStream {
    readonly held: ChatCompletionChunk[]
    readonly rest: AsyncIterator<ChatCompletionChunk>
    readonly headers: Headers
    readonly done: boolean
    readonly firstTokenAt?: number
}

/**
 * The router's engine, independent of LangChain: decides the candidates for a request (the
 * policy, then model health and latency relaxation), sends it through the proxy client with
 * {@link runWithFallbacks}, keeps the shared health and latency figures up to date, and builds
 * the decision record. One per router node instance.
 */
export class ChatRouter {
    private readonly clock: Clock

    constructor(private readonly options: ChatRouterOptions) {
        this.clock = options.clock ?? systemClock
    }

    get candidates(): readonly ModelProfile[] {
        return this.options.candidates
    }

    /** The capabilities a request needs: the node's, and what the request itself carries (tools, images, JSON). */
    private requiredFor(request: Pick<ChatRequest, 'required'>): Capability[] {
        return [...new Set([...this.options.routing.required, ...request.required])]
    }

    /** Runs the routing policy for one request. Throws {@link NoCandidateError} when none fits. */
    decide(request: Pick<ChatRequest, 'required' | 'inputTokens'>): RouteDecision {
        const { routing, latency, health, candidates } = this.options
        const required = this.requiredFor(request)
        const selection = {
            inputTokens: request.inputTokens,
            outputTokens: this.options.sampling?.maxTokens ?? routing.defaultOutputTokens,
            required,
            category: routing.category,
            minQuality: routing.minQuality,
            maxCostUsd: routing.maxCostUsd,
            maxLatencyMs: routing.maxLatencyMs,
            preferred: routing.preferred,
            strategy: routing.strategy
        }
        const latencyOf = (model: ModelProfile) => latency.estimate(model.name, model.priorLatencyMs)
        let decision = selectModel(candidates, selection, latencyOf)
        let latencyLimitRelaxed = false
        if (decision.ranked.length === 0 && decision.excluded.some((e) => e.reason === 'over-latency')) {
            const relaxed = selectModel(
                candidates,
                { ...selection, maxLatencyMs: undefined, strategy: 'latency-based', preferred: [] },
                latencyOf
            )
            if (relaxed.ranked.length > 0) {
                decision = { ...relaxed, excluded: decision.excluded }
                latencyLimitRelaxed = true
            }
        }
        if (decision.ranked.length === 0) {
            this.options.observe?.({
                strategy: decision.strategy,
                outcome: 'no-candidate',
                durationMs: 0,
                fallbacks: [],
                exclusions: decision.excluded.map((e) => e.reason)
            })
            throw new NoCandidateError(decision.excluded)
        }
        const usable: RankedCandidate[] = []
        const unavailable: RankedCandidate[] = []
        const views: HealthView[] = []
        const probes: string[] = []
        for (const candidate of decision.ranked) {
            const name = candidate.model.name
            const view = health.view(name)
            if (view.state === 'half-open' && health.tryAcquire(name)) probes.push(name)
            else if (view.state !== 'closed') {
                views.push(view)
                unavailable.push(candidate)
                continue
            }
            usable.push(candidate)
        }
        return { decision, order: [...usable, ...unavailable], health: views, latencyLimitRelaxed, probes }
    }

    /** One whole answer. */
    async complete(request: ChatRequest): Promise<{ completion: ChatCompletion; record: RoutingRecord }> {
        const route = this.decide(request)
        const started = this.clock.now()
        try {
            const outcome = await this.run(route, request, (model, signal, timeoutMs) =>
                this.options.client.chat(
                    { ...this.requestBody(model, request.body), stream: false },
                    { signal, headers: proxyTimeout(timeoutMs) }
                )
            )
            const { completion, headers } = outcome.value
            const latencyMs = outcome.attempts.at(-1)!.latencyMs
            this.options.latency.record(outcome.candidate.model.name, latencyMs)
            const record = this.record(route, request, outcome.candidate, outcome.attempts, {
                usage: usageOf(completion.usage),
                headers,
                latencyMs,
                totalLatencyMs: this.clock.now() - started
            })
            return { completion, record }
        } finally {
            this.releaseProbes(route)
        }
    }

    /**
     * One answer as a stream of chunks. The generator's return value is the decision record.
     * Chunks before the commit point are held back, so a try can still be abandoned for another
     * model; after it, a failure is the caller's.
     */
    async *stream(request: ChatRequest, commit: CommitPoint): AsyncGenerator<ChatCompletionChunk, RoutingRecord> {
        const route = this.decide(request)
        const started = this.clock.now()
        try {
            const outcome = await this.run(route, request, (model, signal, timeoutMs) =>
                this.open(model, request, signal, commit, timeoutMs)
            )
            const { candidate, attempts } = outcome
            const opened = outcome.value
            let usage: TokenUsage | undefined
            try {
                for (const chunk of opened.held) {
                    usage = usageOf(chunk.usage) ?? usage
                    yield chunk
                }
                for (let next = opened.done ? undefined : await opened.rest.next(); next && !next.done; next = await opened.rest.next()) {
                    usage = usageOf(next.value.usage) ?? usage
                    yield next.value
                }
            } catch (error) {
                this.options.health.recordFailure(candidate.model.name, (error as { code?: string }).code ?? 'stream_broken')
                this.observeFailure(route, attempts, 'stream_broken', this.clock.now() - started)
                throw error
            } finally {
                // A caller that stops early (or fails) closes the request to the proxy.
                await opened.rest.return?.(undefined)
            }
            const tryStart = started + attempts.at(-1)!.startMs
            const latencyMs = this.clock.now() - tryStart
            this.options.latency.record(candidate.model.name, latencyMs)
            return this.record(route, request, candidate, attempts, {
                usage,
                headers: opened.headers,
                latencyMs,
                totalLatencyMs: this.clock.now() - started,
                timeToFirstTokenMs: opened.firstTokenAt === undefined ? undefined : opened.firstTokenAt - tryStart
            })
        } finally {
            this.releaseProbes(route)
        }
    }

    /** Opens a stream and reads it up to the commit point. */
    private async open(
        model: ModelProfile,
        request: ChatRequest,
        signal: AbortSignal,
        commit: CommitPoint,
        timeoutMs: number
    ): Promise<OpenedStream> {
        const body: ChatCompletionStreamRequest = {
            ...this.requestBody(model, request.body),
            stream: true,
            stream_options: { include_usage: true }
        }
        const { chunks, headers } = await this.options.client.streamChat(body, { signal, headers: proxyTimeout(timeoutMs) })
        const rest = chunks[Symbol.asyncIterator]()
        const held: ChatCompletionChunk[] = []
        let firstTokenAt: number | undefined
        try {
            for (let next = await rest.next(); !next.done; next = await rest.next()) {
                held.push(next.value)
                if (firstTokenAt === undefined && hasPayload(next.value)) {
                    firstTokenAt = this.clock.now()
                    if (commit === 'first-token') return { held, rest, headers, done: false, firstTokenAt }
                }
            }
        } catch (error) {
            await rest.return?.(undefined)
            throw error
        }
        return { held, rest, headers, done: true, firstTokenAt }
    }

    private run<T>(
        route: RouteDecision,
        request: ChatRequest,
        attempt: (model: ModelProfile, signal: AbortSignal, timeoutMs: number) => Promise<T>
    ) {
        const { health, reliability, debug } = this.options
        const started = this.clock.now()
        return runWithFallbacks({
            candidates: route.order,
            nameOf: (c) => c.model.name,
            budgets: reliability,
            clock: this.clock,
            signal: request.signal,
            attempt: (candidate, context) => {
                const signal = request.signal ? AbortSignal.any([context.signal, request.signal]) : context.signal
                return attempt(candidate.model, signal, context.timeoutMs)
            },
            onAttempt: (record) => {
                if (record.outcome === 'ok') health.recordSuccess(record.model)
                else {
                    health.recordFailure(record.model, record.code ?? 'error')
                    debug?.(`[orquesta] ${record.model} failed: ${record.code}: ${record.error}`)
                }
            }
        }).catch((error: unknown) => {
            const attempts = (error as { attempts?: AttemptRecord[] }).attempts ?? []
            const code = (error as { code?: string }).code
            this.observeFailure(route, attempts, code ?? (error as Error)?.name ?? 'error', this.clock.now() - started)
            throw error
        })
    }

    private requestBody(model: ModelProfile, body: ChatBody) {
        const { sampling = {}, attribution = {} } = this.options
        return {
            temperature: sampling.temperature,
            max_tokens: sampling.maxTokens,
            top_p: sampling.topP,
            frequency_penalty: sampling.frequencyPenalty,
            presence_penalty: sampling.presencePenalty,
            ...(sampling.stop?.length ? { stop: [...sampling.stop] } : {}),
            ...(attribution.user ? { user: attribution.user } : {}),
            ...body,
            model: model.name,
            // LiteLLM reads `metadata` (spend logs, callbacks, Langfuse) and its tags from the body.
            metadata: { ...attribution.metadata, tags: [...(attribution.tags ?? [])] }
        } as unknown as Omit<ChatCompletionStreamRequest, 'stream'>
    }

    private releaseProbes(route: RouteDecision): void {
        for (const model of route.probes) this.options.health.release(model)
    }

    private observeFailure(route: RouteDecision, attempts: readonly AttemptRecord[], errorType: string, durationMs: number): void {
        this.options.observe?.({
            strategy: route.decision.strategy,
            outcome: 'error',
            durationMs,
            fallbacks: attempts.filter((a) => a.outcome === 'failed').map((a) => a.model),
            exclusions: route.decision.excluded.map((e) => e.reason),
            errorType
        })
    }

    private record(
        route: RouteDecision,
        request: ChatRequest,
        candidate: RankedCandidate,
        attempts: readonly AttemptRecord[],
        result: { usage?: TokenUsage; headers?: Headers; latencyMs: number; totalLatencyMs: number; timeToFirstTokenMs?: number }
    ): RoutingRecord {
        const { decision } = route
        const { maxCostUsd, maxLatencyMs, minQuality } = this.options.routing
        const headers = result.headers
        const proxyDuration = Number(headers?.get('x-litellm-response-duration-ms') ?? NaN)
        const cost = result.usage ? computeCallCost(candidate.model, result.usage, headers?.get('x-litellm-response-cost')) : undefined
        const record: RoutingRecord = {
            model: candidate.model.name,
            strategy: decision.strategy,
            category: this.options.routing.category,
            limits: {
                maxCostUsd,
                maxLatencyMs,
                minQuality,
                required: this.requiredFor(request)
            },
            estimatedInputTokens: request.inputTokens,
            candidates: decision.ranked.map(summarize),
            excluded: decision.excluded,
            health: route.health,
            ...(route.latencyLimitRelaxed ? { latencyLimitRelaxed: true } : {}),
            attempts: attempts.map((a) => ({ ...a, startMs: roundMs(a.startMs), latencyMs: roundMs(a.latencyMs) })),
            usage: result.usage,
            costUsd: roundUsdOrUndefined(cost?.computedUsd),
            proxyCostUsd: roundUsdOrUndefined(cost?.proxyUsd),
            costMismatch: cost?.mismatch,
            latencyMs: roundMs(result.latencyMs),
            totalLatencyMs: roundMs(result.totalLatencyMs),
            timeToFirstTokenMs: roundMsOrUndefined(result.timeToFirstTokenMs),
            proxyDurationMs: Number.isFinite(proxyDuration) ? roundMs(proxyDuration) : undefined
        }
        this.options.debug?.(`[orquesta] routing decision ${JSON.stringify(record)}`)
        this.options.observe?.({
            strategy: decision.strategy,
            model: candidate.model.name,
            provider: candidate.model.provider,
            outcome: 'ok',
            durationMs: result.totalLatencyMs,
            timeToFirstTokenMs: record.timeToFirstTokenMs,
            inputTokens: result.usage?.inputTokens,
            outputTokens: result.usage?.outputTokens,
            costUsd: cost?.computedUsd,
            fallbacks: attempts.filter((a) => a.outcome === 'failed').map((a) => a.model),
            exclusions: decision.excluded.map((e) => e.reason),
            record
        })
        return record
    }
}
