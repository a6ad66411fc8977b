import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager'
import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models'
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages'
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { ChatOpenAICompletions, type ChatOpenAICallOptions } from '@langchain/openai'
import { isAuthFailure, type ProxyEndpoint } from '../litellm/LiteLLMClient'
import { ProxyAuthError, ProxyUnreachableError } from '../litellm/errors'
import { computeCallCost, type TokenUsage } from './callCost'
import { AllCandidatesFailedError, describeError, isTransient, NoCandidateError, statusOf, type FailedAttempt } from './errors'
import { estimatePromptTokens, hasImages } from './estimateTokens'
import { asChunk, hasPayload, summarize, usageOf, type RoutingRecord } from './routingRecord'
import type { LatencyObservations, LiteLLMRouterChatModelFields, ReliabilitySettings, RoutingSettings, Attribution } from './routerSettings'
import { selectModel } from './selectModel'
import type { RouterCallEvent } from '../observability/metrics'
import type { Capability, Decision, ModelProfile, RankedCandidate } from './types'

export type { Attribution, LatencyObservations, LiteLLMRouterChatModelFields, ReliabilitySettings, RoutingSettings } from './routerSettings'
export type { RoutingRecord } from './routingRecord'

export type LiteLLMRouterCallOptions = ChatOpenAICallOptions

/** Response headers of one try, captured by the fetch wrapper handed to the OpenAI client. */
interface HeaderSink {
    headers?: Headers
}

/** One try of one candidate. */
interface Attempt {
    readonly decision: Decision
    readonly candidate: RankedCandidate
    readonly delegate: ChatOpenAICompletions
    readonly sink: HeaderSink
    /** `performance.now()` when the try began. */
    readonly started: number
    /** Failures of this request so far, shared by its tries. */
    readonly failed: FailedAttempt[]
}

/** Connection failures that mean the proxy itself is down: no other model can help. */
const PROXY_DOWN_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])

const causeCodes = (error: unknown): string[] => {
    const codes: string[] = []
    for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
        if (typeof e.code === 'string') codes.push(e.code)
    }
    return codes
}

/**
 * A LangChain chat model that picks, per request, which model of a LiteLLM proxy answers.
 *
 * Each call runs {@link selectModel} over the candidates with the request's estimated tokens
 * and required capabilities, then sends the request through the proxy with LangChain's own
 * ChatOpenAI (its Chat Completions flavour). A try that fails before its first token (HTTP 5xx, 429, time-out, refused
 * connection) moves on to the next candidate within the attempt and time budgets; once a token
 * has reached the caller, errors are passed on and nothing is retried.
 */
export class LiteLLMRouterChatModel extends BaseChatModel<LiteLLMRouterCallOptions, AIMessageChunk> {
    readonly endpoint: ProxyEndpoint
    readonly candidates: readonly ModelProfile[]
    readonly routing: RoutingSettings
    readonly reliability: ReliabilitySettings
    readonly temperature?: number
    readonly maxTokens?: number
    readonly topP?: number
    readonly streaming: boolean
    readonly attribution: Attribution
    private readonly latency: LatencyObservations
    private readonly debug?: (message: string) => void
    private readonly observe?: (event: RouterCallEvent) => void

    static lc_name() {
        return 'LiteLLMRouterChatModel'
    }

    constructor(fields: LiteLLMRouterChatModelFields) {
        // Only LangChain's own parameters go to the base class: it keeps its arguments as
        // `lc_kwargs`, and the key, the logger and the latency store do not belong there.
        // The attribution's tags and metadata become the LangChain run's, so that the router's run
        // inside a chatflow traced by Flowise (Langfuse, LangSmith credentials) carries them too.
        super({
            cache: fields.cache,
            callbacks: fields.callbacks,
            tags: fields.tags ?? (fields.attribution?.tags ? [...fields.attribution.tags] : undefined),
            metadata: fields.metadata ?? (fields.attribution?.metadata ? { ...fields.attribution.metadata } : undefined),
            verbose: fields.verbose
        })
        this.endpoint = fields.endpoint
        this.candidates = fields.candidates
        this.routing = fields.routing
        this.reliability = fields.reliability
        this.latency = fields.latency
        this.temperature = fields.temperature
        this.maxTokens = fields.maxTokens
        this.topP = fields.topP
        this.streaming = fields.streaming ?? false
        this.attribution = fields.attribution ?? {}
        this.debug = fields.debug
        this.observe = fields.observe
    }

    _llmType(): string {
        return 'litellm-router'
    }

    /** Identifies the model for LangChain's cache keys: routing settings, never the key. */
    _identifyingParams(): Record<string, unknown> {
        return {
            proxy: this.endpoint.baseUrl,
            candidates: this.candidates.map((c) => c.name),
            routing: this.routing,
            temperature: this.temperature,
            maxTokens: this.maxTokens,
            topP: this.topP
        }
    }

    override bindTools(tools: BindToolsInput[], kwargs?: Partial<LiteLLMRouterCallOptions>) {
        return this.withConfig({ tools: tools.map((tool) => convertToOpenAITool(tool)), ...kwargs } as Partial<LiteLLMRouterCallOptions>)
    }

    /** Runs the routing policy for one request. Throws {@link NoCandidateError} when none fits. */
    decide(messages: BaseMessage[], options: LiteLLMRouterCallOptions): { decision: Decision; inputTokens: number } {
        const required = new Set<Capability>(this.routing.required)
        if (options.tools?.length) required.add('tools')
        if (options.response_format) required.add('json')
        if (hasImages(messages)) required.add('vision')
        const inputTokens = estimatePromptTokens(messages)
        const decision = selectModel(
            this.candidates,
            {
                inputTokens,
                outputTokens: this.maxTokens ?? this.routing.defaultOutputTokens,
                required: [...required],
                category: this.routing.category,
                minQuality: this.routing.minQuality,
                maxCostUsd: this.routing.maxCostUsd,
                maxLatencyMs: this.routing.maxLatencyMs,
                preferred: this.routing.preferred,
                strategy: this.routing.strategy
            },
            (model) => this.latency.median(model.name) ?? model.priorLatencyMs
        )
        if (decision.ranked.length === 0) {
            this.observe?.({
                strategy: decision.strategy,
                outcome: 'no-candidate',
                durationMs: 0,
                fallbacks: [],
                exclusions: decision.excluded.map((e) => e.reason)
            })
            throw new NoCandidateError(decision.excluded)
        }
        return { decision, inputTokens }
    }

    async _generate(
        messages: BaseMessage[],
        options: this['ParsedCallOptions'],
        runManager?: CallbackManagerForLLMRun
    ): Promise<ChatResult> {
        if (this.streaming) {
            let final: ChatGenerationChunk | undefined
            for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
                final = final ? final.concat(chunk) : chunk
            }
            const message = final?.message ?? new AIMessageChunk({ content: '' })
            const orquesta = (message.response_metadata as { orquesta?: RoutingRecord }).orquesta
            return { generations: [{ text: final?.text ?? '', message }], llmOutput: { orquesta } }
        }
        const { result, record } = await this.generateWithFallbacks(messages, options)
        const generation = result.generations[0]
        const message = asChunk(generation.message as AIMessage, record)
        return { generations: [{ ...generation, message }], llmOutput: { ...result.llmOutput, orquesta: record } }
    }

    async *_streamResponseChunks(
        messages: BaseMessage[],
        options: this['ParsedCallOptions'],
        runManager?: CallbackManagerForLLMRun
    ): AsyncGenerator<ChatGenerationChunk> {
        const { decision, inputTokens } = this.decide(messages, options)
        for (const attempt of this.tries(decision)) {
            const held: ChatGenerationChunk[] = []
            let firstTokenAt: number | undefined
            let usage: TokenUsage | undefined
            try {
                const stream = attempt.delegate._streamResponseChunks(
                    messages,
                    { ...options, stream_options: { include_usage: true } },
                    undefined
                )
                for await (const chunk of stream) {
                    usage = usageOf(chunk.message as AIMessageChunk) ?? usage
                    // Chunks without text or tool calls (the role, the usage) wait for the first
                    // token: until then the try may still be abandoned for another model.
                    if (firstTokenAt === undefined && !hasPayload(chunk)) {
                        held.push(chunk)
                        continue
                    }
                    if (firstTokenAt === undefined) {
                        firstTokenAt = performance.now()
                        for (const h of held.splice(0)) yield h
                    }
                    if (chunk.text) await runManager?.handleLLMNewToken(chunk.text, undefined, undefined, undefined, undefined, { chunk })
                    yield chunk
                }
            } catch (error) {
                if (firstTokenAt !== undefined) this.observeFailure(decision, attempt.failed, 'stream_broken')
                if (firstTokenAt !== undefined || options.signal?.aborted) throw error
                this.onAttemptFailure(attempt, error)
                continue
            }
            const record = this.recordSuccess(decision, inputTokens, attempt, usage, firstTokenAt)
            yield new ChatGenerationChunk({
                text: '',
                message: new AIMessageChunk({ content: '', response_metadata: { orquesta: record } })
            })
            return
        }
    }

    private async generateWithFallbacks(
        messages: BaseMessage[],
        options: this['ParsedCallOptions']
    ): Promise<{ result: ChatResult; record: RoutingRecord }> {
        const { decision, inputTokens } = this.decide(messages, options)
        const tries = this.tries(decision)
        // tries.next() throws once the budgets are spent, which ends this loop.
        for (;;) {
            const attempt = tries.next().value
            try {
                const result = await attempt.delegate._generate(messages, options, undefined)
                const usage = usageOf(result.generations[0].message as AIMessage)
                return { result, record: this.recordSuccess(decision, inputTokens, attempt, usage, undefined) }
            } catch (error) {
                if (options.signal?.aborted) throw error
                this.onAttemptFailure(attempt, error)
            }
        }
    }

    /**
     * One try per ranked candidate, each with the time left in the budget, until the attempt or
     * time budget runs out; then throws {@link AllCandidatesFailedError} with every failure the
     * caller reported through {@link onAttemptFailure}.
     */
    private *tries(decision: Decision): Generator<Attempt, never> {
        const deadline = Date.now() + this.reliability.totalTimeoutMs
        const failed: FailedAttempt[] = []
        for (const candidate of decision.ranked.slice(0, this.reliability.maxAttempts)) {
            const remaining = deadline - Date.now()
            if (remaining <= 0) {
                this.observeFailure(decision, failed, 'time_budget_exhausted')
                throw new AllCandidatesFailedError(failed, 'time')
            }
            const sink: HeaderSink = {}
            const delegate = this.delegateFor(candidate.model.name, Math.min(remaining, this.reliability.attemptTimeoutMs), sink)
            yield { decision, candidate, delegate, sink, started: performance.now(), failed }
        }
        this.observeFailure(decision, failed, 'all_candidates_failed')
        throw new AllCandidatesFailedError(failed, decision.ranked.length > failed.length ? 'attempts' : 'candidates')
    }

    /** Reports a call that ends in an error to the metrics. */
    private observeFailure(decision: Decision, failed: readonly FailedAttempt[], errorType: string): void {
        this.observe?.({
            strategy: decision.strategy,
            outcome: 'error',
            durationMs: failed.reduce((total, f) => total + f.ms, 0),
            fallbacks: failed.map((f) => f.model),
            exclusions: decision.excluded.map((e) => e.reason),
            errorType
        })
    }

    /** Records a failed try, or rethrows when trying another model cannot help. */
    private onAttemptFailure({ decision, candidate, started, failed }: Attempt, error: unknown): void {
        const status = statusOf(error)
        const message = (error as Error)?.message ?? ''
        if (status !== undefined && isAuthFailure(status, message)) {
            this.observeFailure(decision, failed, 'proxy_auth')
            throw new ProxyAuthError(this.endpoint.baseUrl, status)
        }
        if (!isTransient(error)) {
            this.observeFailure(decision, failed, status ? `http_${status}` : ((error as Error)?.name ?? 'error'))
            throw error
        }
        const ms = performance.now() - started
        const unreachable = causeCodes(error).find((code) => PROXY_DOWN_CODES.has(code))
        if (unreachable) {
            this.observeFailure(decision, failed, 'proxy_unreachable')
            throw new ProxyUnreachableError(this.endpoint.baseUrl, unreachable, { cause: error })
        }
        // A try that ran into its time limit says the model is at least that slow right now.
        if ((error as Error)?.name === 'TimeoutError') this.latency.record(candidate.model.name, ms)
        failed.push({ model: candidate.model.name, error: describeError(error), ms })
        this.debug?.(`[orquesta] ${candidate.model.name} failed before its first token: ${describeError(error)}`)
    }

    private recordSuccess(
        decision: Decision,
        inputTokens: number,
        { candidate, started, sink, failed }: Attempt,
        usage: TokenUsage | undefined,
        firstTokenAt: number | undefined
    ): RoutingRecord {
        const latencyMs = performance.now() - started
        this.latency.record(candidate.model.name, latencyMs)
        const headers = sink.headers
        const proxyDuration = Number(headers?.get('x-litellm-response-duration-ms') ?? NaN)
        const cost = usage ? computeCallCost(candidate.model, usage, headers?.get('x-litellm-response-cost')) : undefined
        const record: RoutingRecord = {
            model: candidate.model.name,
            strategy: decision.strategy,
            category: this.routing.category,
            estimatedInputTokens: inputTokens,
            candidates: decision.ranked.map(summarize),
            excluded: decision.excluded,
            failedAttempts: failed,
            usage,
            costUsd: cost?.computedUsd,
            proxyCostUsd: cost?.proxyUsd,
            costMismatch: cost?.mismatch,
            latencyMs: Math.round(latencyMs),
            timeToFirstTokenMs: firstTokenAt === undefined ? undefined : Math.round(firstTokenAt - started),
            proxyDurationMs: Number.isFinite(proxyDuration) ? Math.round(proxyDuration) : undefined
        }
        this.debug?.(`[orquesta] routing decision ${JSON.stringify(record)}`)
        this.observe?.({
            strategy: decision.strategy,
            model: candidate.model.name,
            provider: candidate.model.provider,
            outcome: 'ok',
            durationMs: latencyMs + failed.reduce((total, f) => total + f.ms, 0),
            timeToFirstTokenMs: record.timeToFirstTokenMs,
            inputTokens: usage?.inputTokens,
            outputTokens: usage?.outputTokens,
            costUsd: cost?.computedUsd,
            fallbacks: failed.map((f) => f.model),
            exclusions: decision.excluded.map((e) => e.reason),
            record
        })
        return record
    }

    /**
     * LangChain's OpenAI chat model for one try of one model through the proxy, with its own
     * header sink. The Chat Completions flavour directly: LiteLLM speaks it for every provider,
     * and it is a third of the cost of building `ChatOpenAI` on every request.
     */
    private delegateFor(model: string, timeoutMs: number, sink: HeaderSink): ChatOpenAICompletions {
        const { user, metadata, tags } = this.attribution
        return new ChatOpenAICompletions({
            model,
            apiKey: this.endpoint.apiKey,
            configuration: {
                baseURL: this.endpoint.url('/v1'),
                fetch: async (input: string | URL | Request, init?: RequestInit) => {
                    const response = await fetch(input, init)
                    sink.headers = response.headers
                    return response
                }
            },
            temperature: this.temperature,
            maxTokens: this.maxTokens,
            topP: this.topP,
            streaming: false,
            streamUsage: true,
            maxRetries: 0,
            timeout: Math.max(1, Math.round(timeoutMs)),
            user,
            modelKwargs: { metadata: { ...metadata, tags: [...(tags ?? [])] } }
        })
    }
}
