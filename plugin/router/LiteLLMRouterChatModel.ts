import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager'
import type { BaseLanguageModelInput, StructuredOutputMethodOptions } from '@langchain/core/language_models/base'
import {
    BaseChatModel,
    type BaseChatModelCallOptions,
    type BindToolsInput,
    type LangSmithParams
} from '@langchain/core/language_models/chat_models'
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages'
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs'
import type { Runnable } from '@langchain/core/runnables'
import { BaseTracer } from '@langchain/core/tracers/base'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import type { InteropZodType } from '@langchain/core/utils/types'
import {
    convertCompletionsDeltaToBaseMessageChunk,
    convertCompletionsMessageToBaseMessage,
    convertMessagesToCompletionsMessageParams
} from '@langchain/openai'
import { LiteLLMClient, type ChatCompletion, type ChatCompletionChunk } from '../litellm/LiteLLMClient'
import { ChatRouter, type ChatBody, type ChatRequest, type CommitPoint, type Sampling } from './ChatRouter'
import { estimatePromptTokens, mediaNeeds } from './estimateTokens'
import { LatencyTracker } from './LatencyTracker'
import { ModelHealth } from './ModelHealth'
import { summarizeDecision } from './decisionSummary'
import type { LiteLLMRouterChatModelFields } from './routerSettings'
import type { RoutingRecord } from './routingRecord'
import { structuredOutput, type StructuredOutputBinding } from './structuredOutput'
import type { Capability } from './types'

export type { Attribution, LiteLLMRouterChatModelFields, ReliabilitySettings, RoutingSettings } from './routerSettings'
export type { RoutingRecord } from './routingRecord'

/** The OpenAI call options the router forwards to the proxy. */
export interface LiteLLMRouterCallOptions extends BaseChatModelCallOptions {
    tools?: unknown[]
    response_format?: { type: string; [key: string]: unknown }
    parallel_tool_calls?: boolean
}

type Role = 'assistant' | 'user' | 'system' | 'developer' | 'function' | 'tool'

/** Whether a callback handler shows tokens to someone (Flowise's SSE streamers do; tracers only record). */
const showsTokens = (handler: { ignoreLLM?: boolean; handleLLMNewToken?: unknown }): boolean =>
    !handler.ignoreLLM && typeof handler.handleLLMNewToken === 'function' && !(handler instanceof BaseTracer)

/** LangChain's generation chunk for one OpenAI stream chunk (LangChain's own converter for the delta). */
const toGenerationChunk = (chunk: ChatCompletionChunk, role: Role | undefined): ChatGenerationChunk | undefined => {
    const choice = chunk.choices?.[0]
    if (!choice?.delta) return undefined
    const message = convertCompletionsDeltaToBaseMessageChunk({
        delta: choice.delta,
        rawResponse: chunk,
        defaultRole: role
    }) as AIMessageChunk
    // LangChain's converter copies the raw chunk's `usage` (LiteLLM's, with its own `cost` and token
    // details) into the delta's metadata, and merging chunks adds numbers up: wherever that copy
    // meets another, the figures double (Agentflow showed 202 prompt tokens for 101). The closing
    // chunk carries the three token figures once.
    delete message.response_metadata.usage
    const generationInfo = choice.finish_reason ? { finish_reason: choice.finish_reason, model_name: chunk.model } : undefined
    return new ChatGenerationChunk({ message, text: typeof message.content === 'string' ? message.content : '', generationInfo })
}

/** Token counts in OpenAI's terms, the three figures only (what `response_metadata.usage` holds). */
const openAIUsage = (usage: NonNullable<ChatCompletionChunk['usage']>) => ({
    prompt_tokens: usage.prompt_tokens ?? 0,
    completion_tokens: usage.completion_tokens ?? 0,
    total_tokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0)
})

/** The last chunk of an answer: usage, finish reason, the model and the routing record, each carried once. */
const closingChunk = (record: RoutingRecord, finishReason: string | undefined, usage: ChatCompletionChunk['usage']): ChatGenerationChunk =>
    new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
            content: '',
            response_metadata: {
                finish_reason: finishReason,
                model_name: record.model,
                model: record.model,
                ...(usage ? { usage: openAIUsage(usage) } : {}),
                orquesta: record,
                orquesta_summary: summarizeDecision(record).text
            },
            ...(usage
                ? {
                      usage_metadata: {
                          input_tokens: openAIUsage(usage).prompt_tokens,
                          output_tokens: openAIUsage(usage).completion_tokens,
                          total_tokens: openAIUsage(usage).total_tokens
                      }
                  }
                : {})
        })
    })

const asMessage = (chunk: AIMessageChunk): AIMessage =>
    new AIMessage({
        id: chunk.id,
        content: chunk.content,
        tool_calls: chunk.tool_calls,
        invalid_tool_calls: chunk.invalid_tool_calls,
        additional_kwargs: chunk.additional_kwargs,
        response_metadata: chunk.response_metadata,
        usage_metadata: chunk.usage_metadata
    })

/**
 * A LangChain chat model that picks, per request, which model of a LiteLLM proxy answers. A thin
 * adapter: LangChain messages in, LangChain chunks out; the decision, the fallbacks, model health
 * and the record belong to {@link ChatRouter}.
 *
 * With streaming on, a caller that shows tokens (a streaming prediction) gets them as they come,
 * and a failure after the first token is its error; a caller that does not (a plain prediction)
 * gets the answer once it is whole, so a stream cut midway still falls back to the next model.
 */
export class LiteLLMRouterChatModel extends BaseChatModel<LiteLLMRouterCallOptions, AIMessageChunk> {
    readonly streaming: boolean
    readonly temperature?: number
    readonly maxTokens?: number
    /**
     * Flowise's multi-modal switch, read by its chains and agents (`llmSupportsVision`): with image
     * uploads on, they add the chat's images to the messages, and the router sends them to vision
     * candidates only.
     */
    multiModalOption?: { image?: { allowImageUploads?: boolean } }
    /**
     * The engine, behind a function: Flowise deep-clones node instances before it runs them
     * (lodash `cloneDeep`), which copies data but keeps functions by reference, so the shared
     * health and latency figures stay shared and the clone stays cheap.
     */
    private readonly engine: () => ChatRouter
    private readonly identity: Record<string, unknown>

    static lc_name() {
        return 'LiteLLMRouterChatModel'
    }

    constructor(fields: LiteLLMRouterChatModelFields) {
        // Only LangChain's own parameters go to the base class: it keeps its arguments as
        // `lc_kwargs`, and the key, the logger and the shared state do not belong there.
        // The attribution's tags and metadata become the LangChain run's, so that the router's run
        // inside a chatflow traced by Flowise (Langfuse, LangSmith credentials) carries them too.
        super({
            cache: fields.cache,
            callbacks: fields.callbacks,
            tags: fields.tags ?? (fields.attribution?.tags ? [...fields.attribution.tags] : undefined),
            metadata: fields.metadata ?? (fields.attribution?.metadata ? { ...fields.attribution.metadata } : undefined),
            verbose: fields.verbose
        })
        this.streaming = fields.streaming ?? false
        this.temperature = fields.temperature
        this.maxTokens = fields.maxTokens
        if (fields.allowImageUploads) this.multiModalOption = { image: { allowImageUploads: true } }
        const { temperature, maxTokens, topP, frequencyPenalty, presencePenalty, stop } = fields
        const sampling: Sampling = { temperature, maxTokens, topP, frequencyPenalty, presencePenalty, stop }
        const router = new ChatRouter({
            client: fields.client ?? new LiteLLMClient(fields.endpoint),
            candidates: fields.candidates,
            routing: fields.routing,
            reliability: fields.reliability,
            latency: fields.latency ?? new LatencyTracker(),
            health: fields.health ?? new ModelHealth(),
            sampling,
            attribution: fields.attribution,
            observe: fields.observe,
            debug: fields.debug
        })
        this.engine = () => router
        this.identity = {
            proxy: fields.endpoint.baseUrl,
            candidates: fields.candidates.map((c) => c.name),
            routing: fields.routing,
            ...sampling
        }
    }

    /** Called by Flowise's nodes that configure multi-modal models. */
    setMultiModalOption(option: { image?: { allowImageUploads?: boolean } }): void {
        this.multiModalOption = option
    }

    _llmType(): string {
        return 'litellm-router'
    }

    /** Identifies the model for LangChain's cache keys: routing and sampling settings, never the key. */
    _identifyingParams(): Record<string, unknown> {
        return this.identity
    }

    override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
        const candidates = this.engine().candidates.map((c) => c.name)
        return {
            ...super.getLsParams(options),
            ls_provider: 'litellm',
            ls_model_type: 'chat',
            ls_model_name: candidates.length === 1 ? candidates[0] : candidates.join('|'),
            ls_temperature: this.temperature,
            ls_max_tokens: this.maxTokens
        }
    }

    override bindTools(tools: BindToolsInput[], kwargs?: Partial<LiteLLMRouterCallOptions>) {
        return this.withConfig({ tools: tools.map((tool) => convertToOpenAITool(tool)), ...kwargs } as Partial<LiteLLMRouterCallOptions>)
    }

    override withStructuredOutput<RunOutput extends Record<string, unknown> = Record<string, unknown>>(
        schema: InteropZodType<RunOutput> | Record<string, unknown>,
        config?: StructuredOutputMethodOptions<boolean>
    ): Runnable<BaseLanguageModelInput, RunOutput> {
        return structuredOutput(
            (options: StructuredOutputBinding) => this.withConfig(options as Partial<LiteLLMRouterCallOptions>),
            schema,
            config
        ) as Runnable<BaseLanguageModelInput, RunOutput>
    }

    /** The proxy request for LangChain messages and call options. */
    private requestFor(messages: BaseMessage[], options: this['ParsedCallOptions']): ChatRequest {
        const required = new Set<Capability>(mediaNeeds(messages))
        if (options.tools?.length) required.add('tools')
        if (options.response_format?.type === 'json_schema') required.add('json')
        const body: ChatBody = {
            messages: convertMessagesToCompletionsMessageParams({ messages }) as ChatBody['messages'],
            ...(options.tools?.length ? { tools: options.tools as ChatBody['tools'] } : {}),
            ...(options.tool_choice !== undefined ? { tool_choice: openAIToolChoice(options.tool_choice) } : {}),
            ...(options.response_format ? { response_format: options.response_format as ChatBody['response_format'] } : {}),
            ...(options.parallel_tool_calls !== undefined ? { parallel_tool_calls: options.parallel_tool_calls } : {}),
            ...(options.stop?.length ? { stop: options.stop } : {})
        }
        return { body, required: [...required], inputTokens: estimatePromptTokens(messages), signal: options.signal }
    }

    async _generate(
        messages: BaseMessage[],
        options: this['ParsedCallOptions'],
        runManager?: CallbackManagerForLLMRun
    ): Promise<ChatResult> {
        if (this.streaming) {
            const commit: CommitPoint = runManager?.handlers.some(showsTokens) ? 'first-token' : 'end'
            let final: ChatGenerationChunk | undefined
            for await (const chunk of this.streamChunks(messages, options, runManager, commit)) final = final ? final.concat(chunk) : chunk
            const message = asMessage((final?.message as AIMessageChunk | undefined) ?? new AIMessageChunk({ content: '' }))
            return { generations: [{ text: final?.text ?? '', message, generationInfo: final?.generationInfo }] }
        }
        // The record goes on the message only: LangChain hands `llmOutput` to every callback handler
        // beside the message, and Flowise's console handler stringifies both on every call.
        const { completion, record } = await this.engine().complete(this.requestFor(messages, options))
        return { generations: [{ text: textOf(completion), message: messageOf(completion, record) }] }
    }

    async *_streamResponseChunks(
        messages: BaseMessage[],
        options: this['ParsedCallOptions'],
        runManager?: CallbackManagerForLLMRun
    ): AsyncGenerator<ChatGenerationChunk> {
        yield* this.streamChunks(messages, options, runManager, 'first-token')
    }

    private async *streamChunks(
        messages: BaseMessage[],
        options: this['ParsedCallOptions'],
        runManager: CallbackManagerForLLMRun | undefined,
        commit: CommitPoint
    ): AsyncGenerator<ChatGenerationChunk> {
        const stream = this.engine().stream(this.requestFor(messages, options), commit)
        let role: Role | undefined
        let finishReason: string | undefined
        let usage: ChatCompletionChunk['usage']
        for (let next = await stream.next(); ; next = await stream.next()) {
            if (next.done) {
                yield closingChunk(next.value, finishReason, usage)
                return
            }
            const raw = next.value
            usage = raw.usage ?? usage
            const chunk = toGenerationChunk(raw, role)
            if (!chunk) continue
            role = (raw.choices[0].delta.role as Role | undefined) ?? role
            finishReason = raw.choices[0].finish_reason ?? finishReason
            yield chunk
            if (chunk.text) await runManager?.handleLLMNewToken(chunk.text, undefined, undefined, undefined, undefined, { chunk })
        }
    }
}

/** LangChain's tool choice in OpenAI's terms: `any` is `required`, a bare name is that function. */
const openAIToolChoice = (choice: NonNullable<BaseChatModelCallOptions['tool_choice']>): ChatBody['tool_choice'] => {
    if (typeof choice !== 'string') return choice as ChatBody['tool_choice']
    if (choice === 'any') return 'required'
    if (choice === 'auto' || choice === 'none' || choice === 'required') return choice
    return { type: 'function', function: { name: choice } }
}

const textOf = (completion: ChatCompletion): string => completion.choices[0]?.message?.content ?? ''

/** LangChain's message for a whole answer, with usage, finish reason, model and record. */
const messageOf = (completion: ChatCompletion, record: RoutingRecord): AIMessage => {
    const choice = completion.choices[0]
    const converted = convertCompletionsMessageToBaseMessage({
        message: choice?.message ?? { role: 'assistant', content: '', refusal: null },
        rawResponse: completion
    }) as AIMessage
    const usage = completion.usage
    return new AIMessage({
        id: converted.id,
        content: converted.content,
        tool_calls: converted.tool_calls,
        invalid_tool_calls: converted.invalid_tool_calls,
        additional_kwargs: converted.additional_kwargs,
        response_metadata: {
            ...converted.response_metadata,
            finish_reason: choice?.finish_reason,
            model_name: record.model,
            model: record.model,
            ...(usage ? { usage: openAIUsage(usage) } : {}),
            orquesta: record,
            orquesta_summary: summarizeDecision(record).text
        },
        usage_metadata: usage
            ? { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens, total_tokens: usage.total_tokens }
            : undefined
    })
}
