import type { RequestHandler } from 'express'
import { LiteLLMClient } from '../litellm/LiteLLMClient'
import { resolveProxyEndpoint } from '../litellm/resolveEndpoint'
import type { PluginConfig } from '../config'
import { tokenizerTablesServed } from '../offline/tokenizerTables'
import { PLUGIN_VERSION } from '../version'

/** Time limit (ms) of the health route's readiness probe of the proxy. */
const PROBE_TIMEOUT_MS = 2_000

/**
 * `GET /api/v1/orquesta/health`: plugin version, whether the LiteLLM proxy is reachable, and
 * how many tokenizer-table downloads were answered from the installed package instead.
 */
export const healthRoute =
    (config: PluginConfig): RequestHandler =>
    async (_req, res) => {
        const reachable = await new LiteLLMClient(
            resolveProxyEndpoint({ url: config.proxyUrl, key: config.proxyKey }),
            PROBE_TIMEOUT_MS
        ).isReady()
        res.json({
            plugin: 'orquesta',
            version: PLUGIN_VERSION,
            litellm: { url: config.proxyUrl, reachable },
            airGap: { tokenizerTablesServed: tokenizerTablesServed() }
        })
    }
