import { createHash } from 'node:crypto'
import { inspect } from 'node:util'
import { withoutTrailingSlashes } from '../text/withoutTrailingSlashes'

/**
 * Where a LiteLLM proxy is and the key it takes. The key is held by a closure, not as a value:
 * `util.inspect`, `console.log` and `JSON.stringify` of the endpoint (or of anything holding it,
 * such as the router model) never show it. Not a `#private` field: Flowise deep-clones node
 * instances (lodash `cloneDeep`) before running them, which loses private fields but keeps
 * functions by reference.
 */
export class ProxyEndpoint {
    /** Base URL without `/v1` and without a trailing slash, e.g. `https://gw.example.com/litellm`. */
    readonly baseUrl: string
    private readonly secret: () => string
    private readonly identity: () => string

    constructor(baseUrl: string, apiKey: string) {
        this.baseUrl = withoutTrailingSlashes(baseUrl)
        this.secret = () => apiKey
        let id: string | undefined
        this.identity = () => (id ??= `${this.baseUrl}\u0000${createHash('sha256').update(apiKey).digest('hex')}`)
    }

    /** A map key for this proxy and key, computed once; the key is hashed so that no map holds a secret in clear. */
    get id(): string {
        return this.identity()
    }

    /** The key sent as `Authorization: Bearer …`; empty when the proxy takes none. */
    get apiKey(): string {
        return this.secret()
    }

    /**
     * `path` under the base URL, keeping any path prefix of the base (`new URL('/x', base)` would
     * drop it): `https://gw.example.com/litellm` + `/model/info` → `…/litellm/model/info`.
     */
    url(path: string): string {
        return `${this.baseUrl}/${path.replace(/^\/+/, '')}`
    }

    /** Whether both name the same proxy (same origin and path, trailing slashes aside). */
    sameProxyAs(url: string): boolean {
        return normalizeProxyUrl(url) === normalizeProxyUrl(this.baseUrl)
    }

    toJSON(): { baseUrl: string } {
        return { baseUrl: this.baseUrl }
    }

    [inspect.custom](): string {
        return `ProxyEndpoint { baseUrl: '${this.baseUrl}' }`
    }
}

/** Origin and path of a proxy URL, lower-cased host, without trailing slashes or a final `/v1`. */
export const normalizeProxyUrl = (url: string): string => {
    try {
        const parsed = new URL(url)
        const path = withoutTrailingSlashes(parsed.pathname).replace(/\/v1$/, '')
        return `${parsed.protocol}//${parsed.host.toLowerCase()}${path}`
    } catch {
        return url
    }
}
