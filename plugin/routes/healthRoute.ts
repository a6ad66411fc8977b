import type { RequestHandler } from 'express'
import { LiteLLMClient } from '../litellm/LiteLLMClient'
import { resolveProxyEndpoint } from '../litellm/resolveEndpoint'
import type { PluginConfig } from '../config'
import { tokenizerTablesServed } from '../offline/tokenizerTables'
import { PLUGIN_NODES_DIR } from '../paths'
import { sharedPackages } from '../host/sharedPackages'
import { PLUGIN_VERSION } from '../version'

/** Time limit (ms) of the health route's readiness probe of the proxy. */
const PROBE_TIMEOUT_MS = 2_000

/**
 * `GET /api/v1/orquesta/health`: plugin version, whether the LiteLLM proxy is reachable, and
 * how many tokenizer-table downloads were answered from the installed package instead, and
 * whether Orquesta's nodes share Flowise's copies of the shared packages (versions, never paths).
 */
export const healthRoute = (config: PluginConfig, hostNodesDir: string): RequestHandler => {
    // Resolved once: what the nodes load does not change while the process runs.
    const shared = sharedPackages(PLUGIN_NODES_DIR, hostNodesDir).map((p) => ({
        name: p.name,
        orquesta: p.orquesta?.version,
        host: p.host?.version,
        sameCopy: p.same
    }))
    return async (_req, res) => {
        const reachable = await new LiteLLMClient(
            resolveProxyEndpoint({ url: config.proxyUrl, key: config.proxyKey }),
            PROBE_TIMEOUT_MS
        ).isReady()
        res.json({
            plugin: 'orquesta',
            version: PLUGIN_VERSION,
            litellm: { url: config.proxyUrl, reachable },
            airGap: { tokenizerTablesServed: tokenizerTablesServed() },
            sharedPackages: shared
        })
    }
}
