import { Router } from 'express'
import { loadPluginConfig, type PluginConfig } from './config'
import type { HostContext } from './host/HostContext'
import { healthRoute } from './routes/healthRoute'
import { PLUGIN_VERSION } from './version'

/** Where the plugin's REST routes live under the host's `/api/v1`. */
export const ROUTE_PREFIX = '/orquesta'

/** The running plugin, as returned by {@link bootstrap}. */
export interface OrquestaPlugin {
    readonly config: PluginConfig
    stop(): Promise<void>
}

/**
 * Starts the plugin inside a host: validates its configuration and mounts its routes behind
 * the host's authentication. Later services (capability watcher, evaluation scheduler, metrics)
 * start here too, and `stop` ends them.
 */
export const bootstrap = async (host: HostContext, env: NodeJS.ProcessEnv = process.env): Promise<OrquestaPlugin> => {
    const config = loadPluginConfig(env)
    const router = Router()
    router.get('/health', healthRoute(config))
    host.apiRouter.use(ROUTE_PREFIX, router)
    host.logger.info(`[orquesta] plugin ${PLUGIN_VERSION} started; LiteLLM proxy ${config.proxyUrl}`)
    return { config, stop: async () => undefined }
}
