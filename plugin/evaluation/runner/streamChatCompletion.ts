import type { ProxyEndpoint } from '../../litellm/LiteLLMClient'
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

const chunkDelta = (chunk: unknown): string => {
    const choices = (chunk as { choices?: { delta?: { content?: unknown } }[] }).choices
    const content = choices?.[0]?.delta?.content
    return typeof content === 'string' ? content : ''
}

/**
 * Streams one chat completion from the proxy so that time to first token is measured, asks for
 * usage in the final chunk, and turns LiteLLM's response cache off for the call (a cached answer
 * is not a measurement).
 */
export const streamChatCompletion = async (endpoint: ProxyEndpoint, request: CompletionRequest): Promise<MeasuredCompletion> => {
    const started = performance.now()
    let response: Response
    try {
        response = await fetch(endpoint.url('/v1/chat/completions'), {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.apiKey}`, 'cache-control': 'no-cache' },
            body: JSON.stringify({
                model: request.model,
                messages: request.messages,
                max_tokens: request.maxTokens,
                temperature: request.temperature,
                stream: true,
                stream_options: { include_usage: true },
                cache: { 'no-cache': true, 'no-store': true },
                metadata: request.metadata
            }),
            signal: AbortSignal.timeout(request.timeoutMs)
        })
    } catch (error) {
        throw new CompletionFailedError(request.model, reasonOf(error, request.timeoutMs), performance.now() - started, { cause: error })
    }
    if (!response.ok || !response.body) {
        const text = await response.text().catch(() => '')
        throw new CompletionFailedError(
            request.model,
            `HTTP ${response.status} from the proxy: ${text.slice(0, 500)}`,
            performance.now() - started
        )
    }
    let output = ''
    let ttftMs: number | undefined
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined
    let buffered = ''
    const decoder = new TextDecoder()
    try {
        const reader = response.body.getReader()
        for (;;) {
            const { done, value } = await reader.read()
            if (done) break
            buffered += decoder.decode(value, { stream: true })
            let newline: number
            while ((newline = buffered.indexOf('\n')) >= 0) {
                const line = buffered.slice(0, newline).trim()
                buffered = buffered.slice(newline + 1)
                if (!line.startsWith('data:')) continue
                const data = line.slice(5).trim()
                if (data === '[DONE]') continue
                const chunk = JSON.parse(data) as { usage?: typeof usage; error?: { message?: string } }
                if (chunk.error) throw new Error(chunk.error.message ?? JSON.stringify(chunk.error))
                const delta = chunkDelta(chunk)
                if (delta && ttftMs === undefined) ttftMs = performance.now() - started
                output += delta
                if (chunk.usage) usage = chunk.usage
            }
        }
    } catch (error) {
        throw new CompletionFailedError(
            request.model,
            `the stream broke: ${reasonOf(error, request.timeoutMs)}`,
            performance.now() - started,
            {
                cause: error
            }
        )
    }
    return {
        output,
        latencyMs: performance.now() - started,
        ttftMs,
        inputTokens: usage?.prompt_tokens,
        outputTokens: usage?.completion_tokens,
        proxyCostHeader: response.headers.get('x-litellm-response-cost') ?? undefined
    }
}

const reasonOf = (error: unknown, timeoutMs: number): string => {
    const name = (error as Error)?.name
    if (name === 'TimeoutError' || name === 'AbortError') return `no complete answer within ${timeoutMs} ms`
    const cause = (error as { cause?: { code?: string } })?.cause
    return cause?.code ?? (error as Error)?.message ?? String(error)
}
