import type { RequestHandler } from 'express'
import { LiteLLMClient } from '../litellm/LiteLLMClient'
import type { PluginConfig } from '../config'
import { PLUGIN_VERSION } from '../version'

/** Time limit (ms) of the health route's readiness probe of the proxy. */
const PROBE_TIMEOUT_MS = 2_000

/** `GET /api/v1/orquesta/health`: plugin version and whether the LiteLLM proxy is reachable. */
export const healthRoute =
    (config: PluginConfig): RequestHandler =>
    async (_req, res) => {
        const reachable = await new LiteLLMClient({ baseUrl: config.proxyUrl, apiKey: config.proxyKey ?? '' }, PROBE_TIMEOUT_MS).isReady()
        res.json({ plugin: 'orquesta', version: PLUGIN_VERSION, litellm: { url: config.proxyUrl, reachable } })
    }
