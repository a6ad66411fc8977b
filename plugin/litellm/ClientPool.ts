import { createHash } from 'node:crypto'
import { LiteLLMClient, type ProxyEndpoint } from './LiteLLMClient'

/** A map key for an endpoint; the key is hashed so that no map ever holds a secret in clear. */
export const endpointKey = (endpoint: ProxyEndpoint): string =>
    `${endpoint.baseUrl}\u0000${createHash('sha256').update(endpoint.apiKey).digest('hex')}`

/**
 * One proxy client per endpoint for the process: Flowise builds a chatflow's nodes again for
 * every prediction, and a client (with its HTTP connection pool) is worth keeping.
 */
export class ClientPool {
    private readonly clients = new Map<string, LiteLLMClient>()

    get(endpoint: ProxyEndpoint): LiteLLMClient {
        const key = endpointKey(endpoint)
        let client = this.clients.get(key)
        if (!client) this.clients.set(key, (client = new LiteLLMClient(endpoint)))
        return client
    }
}
