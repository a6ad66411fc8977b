/**
 * What went wrong talking to the proxy, decided once where the failure happens (the HTTP edge),
 * never inferred later from message text.
 * - `unreachable`: no connection to the proxy itself (refused, DNS); retryable after a pause.
 * - `timeout`: no answer (or no first token) within the time limit: the model hangs.
 * - `rate_limited`: HTTP 429; `retryAfterMs` when the proxy said how long to wait.
 * - `upstream`: HTTP 5xx or 408: the provider behind the proxy failed.
 * - `stream_broken`: the answer stream ended with an error or was cut.
 * - `auth`: the proxy refused the key.
 * - `bad_request`: any other 4xx: every model would refuse it the same way.
 * - `bad_response`: the proxy answered something that is not what the API promises.
 * - `aborted`: the caller gave up.
 */
export type ProxyErrorCode =
    'unreachable' | 'timeout' | 'rate_limited' | 'upstream' | 'stream_broken' | 'auth' | 'bad_request' | 'bad_response' | 'aborted'

const RETRYABLE: ReadonlySet<ProxyErrorCode> = new Set(['unreachable', 'timeout', 'rate_limited', 'upstream', 'stream_broken'])

export interface ProxyErrorDetails {
    readonly status?: number
    readonly retryAfterMs?: number
    readonly cause?: unknown
}

/** Base class of every error the plugin reports about the LiteLLM proxy. */
export class LiteLLMProxyError extends Error {
    readonly status?: number
    /** Whether another try (this model later, or another model) may succeed. */
    readonly retryable: boolean
    /** How long the proxy asked to wait before trying again (ms), from `Retry-After`. */
    readonly retryAfterMs?: number

    constructor(
        readonly code: ProxyErrorCode,
        message: string,
        details: ProxyErrorDetails = {}
    ) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause })
        this.name = new.target.name
        this.status = details.status
        this.retryAfterMs = details.retryAfterMs
        this.retryable = RETRYABLE.has(code)
    }
}

/** The proxy could not be reached at all (refused, DNS). */
export class ProxyUnreachableError extends LiteLLMProxyError {
    constructor(
        readonly url: string,
        reason: string,
        options?: { cause?: unknown }
    ) {
        super(
            'unreachable',
            `LiteLLM proxy at ${url} is unreachable (${reason}). Start it (npm start does) or fix the proxy URL in the LiteLLM Router credential.`,
            options
        )
    }
}

/** The proxy refused the key. */
export class ProxyAuthError extends LiteLLMProxyError {
    constructor(
        readonly url: string,
        status: number
    ) {
        super(
            'auth',
            `LiteLLM proxy at ${url} rejected the API key (HTTP ${status}). Use the proxy's master key (LITELLM_MASTER_KEY) or a valid virtual key in the LiteLLM Router credential.`,
            { status }
        )
    }
}

/** The proxy answered with an error, or with something the plugin cannot use. */
export class ProxyResponseError extends LiteLLMProxyError {
    constructor(
        readonly url: string,
        code: ProxyErrorCode,
        message: string,
        details: ProxyErrorDetails = {}
    ) {
        super(code, `LiteLLM proxy at ${url}: ${message.slice(0, 400)}`, details)
    }
}
