import { OpenAIClient } from '@langchain/openai'
import { LiteLLMProxyError, ProxyAuthError, ProxyResponseError, ProxyUnreachableError, type ProxyErrorCode } from './errors'
import { modelInfoResponseSchema, profilesFromModelInfo } from './modelInfo'
import type { ModelProfile } from '../router/types'
import type { ProxyEndpoint } from './ProxyEndpoint'

export { ProxyEndpoint } from './ProxyEndpoint'

export type ChatCompletionRequest = OpenAIClient.Chat.Completions.ChatCompletionCreateParamsNonStreaming
export type ChatCompletionStreamRequest = OpenAIClient.Chat.Completions.ChatCompletionCreateParamsStreaming
export type ChatCompletion = OpenAIClient.Chat.Completions.ChatCompletion
export type ChatCompletionChunk = OpenAIClient.Chat.Completions.ChatCompletionChunk

/** Default time limit (ms) for the proxy's management calls. */
export const DEFAULT_PROXY_TIMEOUT_MS = 5_000

/** Connection failures that mean the proxy itself is down (not one model behind it). */
const PROXY_DOWN_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

export interface ChatCallOptions {
    /** Aborts the call; a `TimeoutError` reason makes the failure a `timeout`, any other an `aborted`. */
    readonly signal?: AbortSignal
    /** Extra request headers (LiteLLM's `cache-control`, say). */
    readonly headers?: Readonly<Record<string, string>>
}

/** A completed answer and the proxy's response headers (cost, duration, model id). */
export interface ChatAnswer {
    readonly completion: ChatCompletion
    readonly headers: Headers
}

/** An answer stream; iterating it throws {@link LiteLLMProxyError}s only. */
export interface ChatStream {
    readonly chunks: AsyncIterable<ChatCompletionChunk>
    readonly headers: Headers
}

const causeCodes = (error: unknown): string[] => {
    const codes: string[] = []
    for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
        if (typeof e.code === 'string') codes.push(e.code)
    }
    return codes
}

/** Wait the proxy asked for (ms): `retry-after-ms`, else `retry-after` in seconds or as a date. */
export const retryAfterMsOf = (headers: Headers | undefined, now = Date.now()): number | undefined => {
    const ms = Number(headers?.get('retry-after-ms') ?? NaN)
    if (Number.isFinite(ms) && ms >= 0) return ms
    const value = headers?.get('retry-after')
    if (!value) return undefined
    const seconds = Number(value)
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Date.parse(value)
    return Number.isFinite(date) ? Math.max(0, date - now) : undefined
}

const statusCode = (status: number): ProxyErrorCode =>
    status === 429
        ? 'rate_limited'
        : status === 408 || status >= 500
          ? 'upstream'
          : status === 401 || status === 403
            ? 'auth'
            : 'bad_request'

/**
 * One client for all traffic to one LiteLLM proxy: chat completions (the router, the evaluation
 * runner, the judge) through the OpenAI SDK that `@langchain/openai` ships (its SSE parsing,
 * no retries of its own), and the management calls (`/model/info`, readiness). Every URL is
 * joined under the endpoint's base, so a path prefix works everywhere. Every failure leaves as a
 * {@link LiteLLMProxyError} with its code decided here.
 */
export class LiteLLMClient {
    /** Private: the SDK client holds the key as a plain property. */
    readonly #openai: OpenAIClient

    constructor(
        readonly endpoint: ProxyEndpoint,
        private readonly timeoutMs = DEFAULT_PROXY_TIMEOUT_MS
    ) {
        this.#openai = new OpenAIClient({
            apiKey: endpoint.apiKey || 'no-key',
            baseURL: endpoint.url('/v1'),
            maxRetries: 0,
            // The callers' signals bound every call; the SDK's own 10-minute default is not a limit here.
            timeout: 24 * 3_600_000
        })
    }

    /** One chat completion, whole. */
    async chat(body: ChatCompletionRequest, options: ChatCallOptions = {}): Promise<ChatAnswer> {
        try {
            const { data, response } = await this.#openai.chat.completions
                .create({ ...body, stream: false }, { signal: options.signal, headers: options.headers })
                .withResponse()
            return { completion: data, headers: response.headers }
        } catch (error) {
            throw this.toProxyError(error, options.signal)
        }
    }

    /** Embedding vectors of `input`, one per text, in order, from the proxy's `/v1/embeddings`. */
    async embeddings(model: string, input: readonly string[], options: ChatCallOptions = {}): Promise<number[][]> {
        try {
            const answer = await this.#openai.embeddings.create(
                { model, input: [...input], encoding_format: 'float' },
                { signal: options.signal, headers: options.headers }
            )
            return [...answer.data].sort((a, b) => a.index - b.index).map((d) => d.embedding)
        } catch (error) {
            throw this.toProxyError(error, options.signal)
        }
    }

    /** One chat completion as a stream of chunks; the request is closed when the caller stops iterating or aborts. */
    async streamChat(body: ChatCompletionStreamRequest, options: ChatCallOptions = {}): Promise<ChatStream> {
        let opened: Awaited<ReturnType<typeof this.openStream>>
        try {
            opened = await this.openStream(body, options)
        } catch (error) {
            throw this.toProxyError(error, options.signal)
        }
        const { data, response } = opened
        const mapErrors = async function* (client: LiteLLMClient): AsyncGenerator<ChatCompletionChunk> {
            try {
                for await (const chunk of data) yield chunk
            } catch (error) {
                throw client.toProxyError(error, options.signal, 'stream_broken')
            } finally {
                // Stopping early (a fallback, a caller that went away) closes the connection.
                data.controller.abort()
            }
        }
        return { chunks: mapErrors(this), headers: response.headers }
    }

    private openStream(body: ChatCompletionStreamRequest, options: ChatCallOptions) {
        return this.#openai.chat.completions
            .create({ ...body, stream: true }, { signal: options.signal, headers: options.headers })
            .withResponse()
    }

    /** Every model group the proxy serves, as router profiles. */
    async listModels(): Promise<ModelProfile[]> {
        const body = await this.getJson('/model/info')
        const parsed = modelInfoResponseSchema.safeParse(body)
        if (!parsed.success) {
            throw new ProxyResponseError(this.endpoint.baseUrl, 'bad_response', `unexpected /model/info shape: ${parsed.error.message}`)
        }
        return profilesFromModelInfo(parsed.data)
    }

    /** Whether the proxy answers its unauthenticated readiness probe. */
    async isReady(): Promise<boolean> {
        try {
            const res = await fetch(this.endpoint.url('/health/readiness'), { signal: AbortSignal.timeout(this.timeoutMs) })
            await res.body?.cancel()
            return res.ok
        } catch {
            return false
        }
    }

    private async getJson(path: string): Promise<unknown> {
        let res: Response
        try {
            res = await fetch(this.endpoint.url(path), {
                headers: this.endpoint.apiKey ? { authorization: `Bearer ${this.endpoint.apiKey}` } : {},
                signal: AbortSignal.timeout(this.timeoutMs)
            })
        } catch (error) {
            throw this.toProxyError(error, undefined)
        }
        const text = await res.text()
        if (!res.ok) throw this.httpError(res.status, text, res.headers)
        try {
            return JSON.parse(text)
        } catch {
            throw new ProxyResponseError(
                this.endpoint.baseUrl,
                'bad_response',
                `answered HTTP ${res.status} with something not JSON: ${text}`
            )
        }
    }

    /**
     * LiteLLM answers a wrong key with 401, or, when it runs without a database (so it cannot look
     * up virtual keys), with 400 and the error type `no_db_connection`.
     */
    private httpError(
        status: number,
        body: string | { type?: unknown; message?: unknown } | undefined,
        headers: Headers | undefined
    ): LiteLLMProxyError {
        const error = typeof body === 'string' ? errorIn(body) : body
        const code = error?.type === 'no_db_connection' ? 'auth' : statusCode(status)
        if (code === 'auth') return new ProxyAuthError(this.endpoint.baseUrl, status)
        const message = typeof error?.message === 'string' ? error.message : typeof body === 'string' ? body : JSON.stringify(body ?? '')
        return new ProxyResponseError(this.endpoint.baseUrl, code, `HTTP ${status}: ${message}`, {
            status,
            retryAfterMs: code === 'rate_limited' ? retryAfterMsOf(headers) : undefined
        })
    }

    /** Turns whatever the SDK or fetch threw into a typed proxy error. */
    private toProxyError(error: unknown, signal: AbortSignal | undefined, midStream?: 'stream_broken'): LiteLLMProxyError {
        if (error instanceof LiteLLMProxyError) return error
        const url = this.endpoint.baseUrl
        if (signal?.aborted) {
            const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError'
            return new ProxyResponseError(
                url,
                timedOut ? 'timeout' : 'aborted',
                timedOut ? 'no answer within the time limit' : 'the call was aborted',
                {
                    cause: error
                }
            )
        }
        if (error instanceof OpenAIClient.APIConnectionTimeoutError || (error as Error)?.name === 'TimeoutError') {
            return new ProxyResponseError(url, 'timeout', 'no answer within the time limit', { cause: error })
        }
        const down = causeCodes(error).find((code) => PROXY_DOWN_CODES.has(code))
        if (down) return new ProxyUnreachableError(url, down, { cause: error })
        if (error instanceof OpenAIClient.APIError && typeof error.status === 'number') {
            return this.httpError(error.status, { type: error.type, ...(error.error as object) }, error.headers as Headers | undefined)
        }
        const message = (error as Error)?.message ?? String(error)
        // A connection lost before any answer (a restarting proxy resets its keep-alive sockets:
        // `other side closed`, ECONNRESET) is the proxy's failure, not the model's. It is checked
        // before the generic `APIError`, which the SDK's `APIConnectionError` extends.
        if (!midStream && (error instanceof OpenAIClient.APIConnectionError || error instanceof TypeError)) {
            return new ProxyUnreachableError(url, causeCodes(error)[0] ?? message, { cause: error })
        }
        if (midStream || error instanceof OpenAIClient.APIError) {
            return new ProxyResponseError(url, 'stream_broken', `the answer stream broke: ${message}`, { cause: error })
        }
        return new ProxyResponseError(url, 'bad_response', message, { cause: error })
    }
}

/** The `error` object of an OpenAI-style error body. */
const errorIn = (body: string): { type?: unknown; message?: unknown } | undefined => {
    try {
        return (JSON.parse(body) as { error?: { type?: unknown; message?: unknown } })?.error
    } catch {
        return undefined
    }
}
