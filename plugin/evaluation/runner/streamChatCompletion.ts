import { LiteLLMClient, type ChatCompletionStreamRequest, type ProxyEndpoint } from '../../litellm/LiteLLMClient'
import type { ChatMessage } from '../types'

/** One measured chat completion through the proxy. */
export interface MeasuredCompletion {
    readonly output: string
    /** From sending the request to the end of the stream (ms). */
    readonly latencyMs: number
    /** From sending the request to the first content token (ms), when any arrived. */
    readonly ttftMs?: number
    readonly inputTokens?: number
    readonly outputTokens?: number
    /** The proxy's `x-litellm-response-cost` header, as sent. */
    readonly proxyCostHeader?: string
}

export interface CompletionRequest {
    readonly model: string
    readonly messages: readonly ChatMessage[]
    readonly maxTokens?: number
    readonly temperature?: number
    /** Time limit of the whole call (ms). */
    readonly timeoutMs: number
    /** Sent to LiteLLM as request metadata (its spend logs and callbacks see it). */
    readonly metadata?: Readonly<Record<string, unknown>>
}

/** A call that produced no answer: the provider or the proxy failed, or the time limit passed. */
export class CompletionFailedError extends Error {
    constructor(
        model: string,
        reason: string,
        /** Time until the failure was known (ms). */
        readonly latencyMs: number,
        options?: { cause?: unknown }
    ) {
        super(`${model}: ${reason}`, options)
        this.name = 'CompletionFailedError'
    }
}

/**
 * Streams one chat completion from the proxy (through the plugin's one proxy client) so that time
 * to first token is measured, asks for usage in the final chunk, and turns LiteLLM's response
 * cache off for the call (a cached answer is not a measurement).
 */
export const streamChatCompletion = async (endpoint: ProxyEndpoint, request: CompletionRequest): Promise<MeasuredCompletion> => {
    const started = performance.now()
    let output = ''
    let ttftMs: number | undefined
    let usage: { prompt_tokens?: number; completion_tokens?: number } | null | undefined
    let headers: Headers
    try {
        const stream = await new LiteLLMClient(endpoint).streamChat(
            {
                model: request.model,
                messages: request.messages as ChatCompletionStreamRequest['messages'],
                max_tokens: request.maxTokens,
                temperature: request.temperature,
                stream: true,
                stream_options: { include_usage: true },
                // LiteLLM's per-request cache controls and metadata ride in the body.
                ...({ cache: { 'no-cache': true, 'no-store': true }, metadata: request.metadata } as object)
            },
            { signal: AbortSignal.timeout(request.timeoutMs), headers: { 'cache-control': 'no-cache' } }
        )
        headers = stream.headers
        for await (const chunk of stream.chunks) {
            const delta = chunk.choices?.[0]?.delta?.content ?? ''
            if (delta && ttftMs === undefined) ttftMs = performance.now() - started
            output += delta
            usage = chunk.usage ?? usage
        }
    } catch (error) {
        throw new CompletionFailedError(request.model, reasonOf(error, request.timeoutMs), performance.now() - started, { cause: error })
    }
    return {
        output,
        latencyMs: performance.now() - started,
        ttftMs,
        inputTokens: usage?.prompt_tokens,
        outputTokens: usage?.completion_tokens,
        proxyCostHeader: headers.get('x-litellm-response-cost') ?? undefined
    }
}

const reasonOf = (error: unknown, timeoutMs: number): string => {
    const code = (error as { code?: string }).code
    if (code === 'timeout' || code === 'aborted') return `no complete answer within ${timeoutMs} ms`
    return (error as Error)?.message ?? String(error)
}
