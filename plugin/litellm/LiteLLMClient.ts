import { ProxyAuthError, ProxyResponseError, ProxyUnreachableError } from './errors'
import { modelInfoResponseSchema, profilesFromModelInfo } from './modelInfo'
import type { ModelProfile } from '../router/types'
import type { ProxyEndpoint } from './ProxyEndpoint'

export { ProxyEndpoint } from './ProxyEndpoint'

/** Default time limit (ms) for the proxy's management calls. */
export const DEFAULT_PROXY_TIMEOUT_MS = 5_000

const describe = (error: unknown): string => {
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause
    if ((error as Error)?.name === 'TimeoutError') return 'no answer within the time limit'
    return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)
}

/**
 * Talks to the management side of a LiteLLM proxy (`/model/info`, health). Completions go
 * through LangChain's ChatOpenAI, pointed at the same proxy.
 */
export class LiteLLMClient {
    constructor(
        readonly endpoint: ProxyEndpoint,
        private readonly timeoutMs = DEFAULT_PROXY_TIMEOUT_MS
    ) {}

    /** Every model group the proxy serves, as router profiles. */
    async listModels(): Promise<ModelProfile[]> {
        const body = await this.getJson('/model/info')
        const parsed = modelInfoResponseSchema.safeParse(body)
        if (!parsed.success) {
            throw new ProxyResponseError(this.endpoint.baseUrl, 200, `unexpected /model/info shape: ${parsed.error.message}`)
        }
        return profilesFromModelInfo(parsed.data)
    }

    /** Whether the proxy answers its unauthenticated readiness probe. */
    async isReady(): Promise<boolean> {
        try {
            const res = await fetch(this.endpoint.url('/health/readiness'), {
                signal: AbortSignal.timeout(this.timeoutMs)
            })
            return res.ok
        } catch {
            return false
        }
    }

    private async getJson(path: string): Promise<unknown> {
        const url = this.endpoint.url(path)
        let res: Response
        try {
            res = await fetch(url, {
                headers: { authorization: `Bearer ${this.endpoint.apiKey}` },
                signal: AbortSignal.timeout(this.timeoutMs)
            })
        } catch (error) {
            throw new ProxyUnreachableError(this.endpoint.baseUrl, describe(error), { cause: error })
        }
        const text = await res.text()
        if (isAuthFailure(res.status, text)) throw new ProxyAuthError(this.endpoint.baseUrl, res.status)
        if (!res.ok) throw new ProxyResponseError(this.endpoint.baseUrl, res.status, text)
        try {
            return JSON.parse(text)
        } catch {
            throw new ProxyResponseError(this.endpoint.baseUrl, res.status, `not JSON: ${text}`)
        }
    }
}

/**
 * LiteLLM answers a wrong key with 401, or, when it runs without a database (so it cannot look
 * up virtual keys), with 400 `no_db_connection`.
 */
export const isAuthFailure = (status: number, body: string): boolean =>
    status === 401 || status === 403 || (status === 400 && /no_db_connection|No connected db/.test(body))
