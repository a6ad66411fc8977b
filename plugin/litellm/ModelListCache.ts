import { createHash } from 'node:crypto'
import { LiteLLMClient, type ProxyEndpoint } from './LiteLLMClient'
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

    constructor(
        private readonly ttlMs = DEFAULT_MODEL_LIST_TTL_MS,
        private readonly now: () => number = Date.now
    ) {}

    get(endpoint: ProxyEndpoint): Promise<ModelProfile[]> {
        // The key is hashed so that the cache never holds a secret in clear.
        const key = `${endpoint.baseUrl}\u0000${createHash('sha256').update(endpoint.apiKey).digest('hex')}`
        const hit = this.entries.get(key)
        if (hit && this.now() - hit.at < this.ttlMs) return hit.models
        const models = new LiteLLMClient(endpoint).listModels()
        this.entries.set(key, { at: this.now(), models })
        models.catch(() => this.entries.get(key)?.models === models && this.entries.delete(key))
        return models
    }

    clear(): void {
        this.entries.clear()
    }
}
