import type { LiteLLMClient, ProxyEndpoint } from './LiteLLMClient'
import { LiteLLMProxyError } from './errors'
import type { ModelProfile } from '../router/types'

/** How long a proxy's model list is reused before it is fetched again (ms). */
export const DEFAULT_MODEL_LIST_TTL_MS = 30_000

/** After a failed background refresh, how long the stale list is served before trying again (ms). */
const RETRY_AFTER_FAILURE_MS = 1_000

interface Entry {
    readonly at: number
    readonly models: Promise<ModelProfile[]>
}

export interface ModelListOptions {
    /**
     * Wait for a fresh list when the cached one is older than the TTL (the canvas's model lists,
     * where the user has just edited the proxy's config). Otherwise an expired list is served at
     * once and refreshed in the background, so no prediction waits for `/model/info`.
     */
    readonly fresh?: boolean
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
    /** When a background refresh last failed, per proxy (ms since the epoch). */
    private readonly failedAt = new Map<string, number>()
    /** Requests under way, per proxy, shared by every caller that has to wait. */
    private readonly inFlight = new Map<string, Promise<ModelProfile[]>>()

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
    get(endpoint: ProxyEndpoint, options: ModelListOptions = {}): Promise<ModelProfile[]> {
        const key = endpoint.id
        const hit = this.entries.get(key)
        if (hit && this.now() - hit.at < this.ttlMs) return hit.models
        const stale = this.lastGood.get(key)
        if (stale && !options.fresh) {
            const failed = this.failedAt.get(key)
            if (!this.inFlight.has(key) && (failed === undefined || this.now() - failed >= RETRY_AFTER_FAILURE_MS)) {
                // The failure is kept in `failedAt`; whoever waits next sees it.
                this.fetch(endpoint, key).catch(() => undefined)
            }
            return Promise.resolve(stale)
        }
        return this.inFlight.get(key) ?? this.fetch(endpoint, key)
    }

    clear(): void {
        this.entries.clear()
        this.lastGood.clear()
        this.failedAt.clear()
        this.inFlight.clear()
    }

    private fetch(endpoint: ProxyEndpoint, key: string): Promise<ModelProfile[]> {
        const models = this.clientFor(endpoint)
            .listModels()
            .then(
                (list) => {
                    this.lastGood.set(key, list)
                    this.failedAt.delete(key)
                    this.entries.set(key, { at: this.now(), models })
                    return list
                },
                (error: unknown) => {
                    this.failedAt.set(key, this.now())
                    const stale = this.lastGood.get(key)
                    if (stale && error instanceof LiteLLMProxyError && error.code === 'unreachable') return stale
                    throw error
                }
            )
            .finally(() => this.inFlight.get(key) === models && this.inFlight.delete(key))
        this.inFlight.set(key, models)
        return models
    }
}
