import { createHash } from 'node:crypto'
import { z } from 'zod'
import { ProxyEndpoint } from './ProxyEndpoint'

/** The proxy the server was configured with (`LITELLM_PROXY_URL`, `LITELLM_MASTER_KEY`). */
export interface ServerProxy {
    readonly url: string
    readonly key?: string
}

/** What a node's own credential says, if it has one. */
export interface CredentialProxy {
    readonly url?: string
    readonly key?: string
}

/** The proxy settings of a node cannot be used as they are. */
export class ProxyEndpointError extends Error {
    readonly status = 400
    readonly code = 'proxy_endpoint_invalid'
    readonly retryable = false

    constructor(message: string) {
        super(message)
        this.name = 'ProxyEndpointError'
    }
}

/** Why `value` cannot be a proxy base URL, or undefined when it can. */
const urlProblem = (value: string): string | undefined => {
    let url: URL
    try {
        url = new URL(value)
    } catch {
        return 'the proxy URL must be an absolute http(s) URL, e.g. http://127.0.0.1:4000'
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the proxy URL must use http or https'
    if (url.search || url.hash) return 'the proxy URL must not have a query or fragment'
    if (url.username || url.password) return 'the proxy URL must not hold credentials; put the key in the API Key field'
    return undefined
}

const proxyUrlSchema = z.string().superRefine((value, context) => {
    const problem = urlProblem(value)
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem })
})

const parseUrl = (value: string, where: string): string => {
    const parsed = proxyUrlSchema.safeParse(value.trim())
    if (!parsed.success) throw new ProxyEndpointError(`LiteLLM Router: ${where}: ${parsed.error.issues[0].message}.`)
    return parsed.data
}

/** Endpoints resolved so far, by a hash of their settings (no secret is held in clear as a key). */
const resolved = new Map<string, ProxyEndpoint>()
const MAX_RESOLVED = 256

/**
 * Which proxy a node talks to, and with which key. The server's key is sent only to the server's
 * proxy: a URL from a credential goes with that credential's own key, or with none at all — then
 * the node is refused, never handed the server's key. Node inputs are never a source (Flowise's
 * `getCredentialParam` falls back to them; callers pass credential data only).
 */
export const resolveProxyEndpoint = (server: ServerProxy, credential: CredentialProxy = {}): ProxyEndpoint => {
    // Flowise builds a flow's nodes for every prediction: the same settings give the same endpoint.
    const key = createHash('sha256')
        .update(JSON.stringify([server.url, server.key ?? '', credential.url ?? '', credential.key ?? '']))
        .digest('hex')
    const known = resolved.get(key)
    if (known) return known
    const endpoint = resolve(server, credential)
    if (resolved.size >= MAX_RESOLVED) resolved.clear()
    resolved.set(key, endpoint)
    return endpoint
}

const resolve = (server: ServerProxy, credential: CredentialProxy): ProxyEndpoint => {
    const credentialUrl = credential.url?.trim() ? parseUrl(credential.url, "the credential's Proxy URL") : undefined
    const credentialKey = credential.key?.trim() || undefined
    const serverEndpoint = new ProxyEndpoint(parseUrl(server.url, 'LITELLM_PROXY_URL'), server.key ?? '')
    if (!credentialUrl || serverEndpoint.sameProxyAs(credentialUrl)) {
        return credentialKey ? new ProxyEndpoint(serverEndpoint.baseUrl, credentialKey) : serverEndpoint
    }
    if (!credentialKey) {
        throw new ProxyEndpointError(
            `LiteLLM Router: the credential names the proxy ${credentialUrl}, which is not this server's proxy (LITELLM_PROXY_URL), ` +
                "and has no API key of its own. The server's key is only sent to the server's proxy: add that proxy's key to the credential, " +
                "or clear its Proxy URL to use the server's proxy."
        )
    }
    return new ProxyEndpoint(credentialUrl, credentialKey)
}
