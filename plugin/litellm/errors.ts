/** Base class of every error the plugin reports about the LiteLLM proxy. */
export class LiteLLMProxyError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options)
        this.name = new.target.name
    }
}

/** The proxy could not be reached at all (refused, DNS, timeout). */
export class ProxyUnreachableError extends LiteLLMProxyError {
    constructor(
        readonly url: string,
        reason: string,
        options?: { cause?: unknown }
    ) {
        super(
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
            `LiteLLM proxy at ${url} rejected the API key (HTTP ${status}). Use the proxy's master key (LITELLM_MASTER_KEY) or a valid virtual key in the LiteLLM Router credential.`
        )
    }
}

/** The proxy answered, but not with what the plugin needs. */
export class ProxyResponseError extends LiteLLMProxyError {
    constructor(
        readonly url: string,
        readonly status: number,
        body: string
    ) {
        super(`LiteLLM proxy at ${url} answered HTTP ${status}: ${body.slice(0, 300)}`)
    }
}
