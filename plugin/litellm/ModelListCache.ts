import type { LiteLLMClient, ProxyEndpoint } from './LiteLLMClient'
import { endpointKey } from './ClientPool'
import { LiteLLMProxyError } from './errors'
import type { ModelProfile } from '../router/types'

/** How long a proxy's model list is reused before it is fetched again (ms). */
export const DEFAULT_MODEL_LIST_TTL_MS = 30_000

interface Entry {
    readonly at: number
    readonly models: Promise<ModelProfile[]>
}

/**
 * Flowise builds a chatflow's nodes again for every prediction, so the router node would ask
 * the proxy for `/model/info` on every request; this keeps each proxy's answer for a short
 * time and shares one request among concurrent callers. Failures are not kept.
 */
export class ModelListCache {
    private readonly entries = new Map<string, Entry>()
    /** The last list each proxy gave, for when it cannot be reached for a moment. */
    private readonly lastGood = new Map<string, ModelProfile[]>()

    constructor(
        private readonly clientFor: (endpoint: ProxyEndpoint) => LiteLLMClient,
        private readonly ttlMs = DEFAULT_MODEL_LIST_TTL_MS,
        private readonly now: () => number = Date.now
    ) {}

    /**
     * The proxy's models. While the proxy is unreachable (a restart), the last list it gave is
     * used, so that flows keep building and the router's own retries ride the restart out; other
     * failures (a wrong key) are passed on and nothing failed is kept.
     */
    get(endpoint: ProxyEndpoint): Promise<ModelProfile[]> {
        const key = endpointKey(endpoint)
        const hit = this.entries.get(key)
        if (hit && this.now() - hit.at < this.ttlMs) return hit.models
        const models = this.clientFor(endpoint)
            .listModels()
            .then(
                (list) => {
                    this.lastGood.set(key, list)
                    return list
                },
                (error: unknown) => {
                    const stale = this.lastGood.get(key)
                    if (stale && error instanceof LiteLLMProxyError && error.code === 'unreachable') return stale
                    throw error
                }
            )
        this.entries.set(key, { at: this.now(), models })
        models.catch(() => this.entries.get(key)?.models === models && this.entries.delete(key))
        return models
    }

    clear(): void {
        this.entries.clear()
        this.lastGood.clear()
    }
}
