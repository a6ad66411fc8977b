import type { RequestHandler } from 'express'
import { LiteLLMClient } from '../litellm/LiteLLMClient'
import { resolveProxyEndpoint } from '../litellm/resolveEndpoint'
import type { PluginConfig } from '../config'
import { tokenizerTablesServed } from '../offline/tokenizerTables'
import path from 'node:path'
import { PLUGIN_NODES_DIR } from '../paths'
import { copiesLoadedBy, resolvePackage, SHARED_PACKAGES } from '../host/sharedPackages'
import { PLUGIN_VERSION } from '../version'

/** Time limit (ms) of the health route's readiness probe of the proxy. */
const PROBE_TIMEOUT_MS = 2_000

/**
 * `GET /api/v1/orquesta/health`: plugin version, whether the LiteLLM proxy is reachable, and
 * how many tokenizer-table downloads were answered from the installed package instead, and
 * for each shared package, the copies the plugin's modules loaded and whether they are the copy
 * Flowise's own nodes use (versions, never paths).
 */
export const healthRoute = (config: PluginConfig, hostNodesDir: string): RequestHandler => {
    const pluginRoot = path.resolve(PLUGIN_NODES_DIR, '..', '..')
    const hostCopies = new Map(SHARED_PACKAGES.map((name) => [name, resolvePackage(name, hostNodesDir)]))
    const shared = () =>
        [...copiesLoadedBy(pluginRoot)].map(([name, dirs]) => {
            const host = hostCopies.get(name)
            return {
                name,
                host: host?.version,
                copiesLoaded: dirs.size,
                sameCopy: dirs.size === 0 || (dirs.size === 1 && !!host && dirs.has(host.dir))
            }
        })
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
            sharedPackages: shared()
        })
    }
}
