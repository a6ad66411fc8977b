import { LiteLLMClient, type ProxyEndpoint } from './LiteLLMClient'

/**
 * One proxy client per endpoint for the process: Flowise builds a chatflow's nodes again for
 * every prediction, and a client (with its HTTP connection pool) is worth keeping.
 */
export class ClientPool {
    private readonly clients = new Map<string, LiteLLMClient>()

    get(endpoint: ProxyEndpoint): LiteLLMClient {
        const key = endpoint.id
        let client = this.clients.get(key)
        if (!client) this.clients.set(key, (client = new LiteLLMClient(endpoint)))
        return client
    }
}
