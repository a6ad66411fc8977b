import path from 'node:path'
import { Router } from 'express'
import { CapabilityService } from './capabilities/CapabilityService'
import { CatalogCache } from './capabilities/catalogCache'
import { loadPluginConfig, type PluginConfig } from './config'
import { loadEvaluationConfig, type EvaluationConfig } from './evaluation/evaluationConfig'
import { resolveProxyEndpoint } from './litellm/resolveEndpoint'
import { reportFinishedRun } from './evaluation/reportFinishedRun'
import { startEvaluation, type EvaluationPlugin } from './evaluation/startEvaluation'
import type { HostContext } from './host/HostContext'
import { installProviderCallCounting } from './optimizer/verify/providerCalls'
import { PLUGIN_NODES_DIR } from './paths'
import { dashboardDataRoute, UI_DATA_ROUTE } from './ui/uiRoutes'
import { EvaluationRequestError } from './evaluation/EvaluationService'
import { ensureNodeDirs } from './nodeDirs'
import { getRuntime, type HostServices } from './runtime'
import { bodyLimits } from './routes/bodyLimits'
import { capabilitiesRoutes } from './routes/capabilitiesRoutes'
import { evaluationRoutes } from './routes/evaluationRoutes'
import { healthRoute } from './routes/healthRoute'
import { optimizerRoutes } from './routes/optimizerRoutes'
import { orchestratorRoutes } from './routes/orchestratorRoutes'
import { createRateLimits, rateLimitConfigOrDefaults } from './routes/rateLimits'
import { PLUGIN_VERSION } from './version'

/** Where the plugin's REST routes live under the host's `/api/v1`. */
export const ROUTE_PREFIX = '/orquesta'

/** How long stopping the plugin waits for queued traces to be exported (ms). */
const TRACE_SHUTDOWN_MS = 3_000

/** Event emitted on the host after every capability catalog update. */
export const CAPABILITIES_EVENT = 'orquesta:capabilities'

/** The running plugin, as returned by {@link bootstrap}. */
export interface OrquestaPlugin {
    readonly config: PluginConfig
    readonly capabilities: CapabilityService
    /** Resolves when the capability catalog has been built and its watcher runs. */
    readonly ready: Promise<void>
    /** Resolves when the evaluation database is open and its schedules run; rejects when it could not start. */
    readonly evaluation: Promise<EvaluationPlugin>
    stop(): Promise<void>
}

/**
 * Starts the plugin inside a host: validates its configuration, mounts its routes behind the
 * host's authentication, and builds the capability catalog in the background (so that the
 * host's startup does not wait for it) before watching the node directories.
 */
export const bootstrap = async (host: HostContext, env: NodeJS.ProcessEnv = process.env): Promise<OrquestaPlugin> => {
    const config = loadPluginConfig(env)
    // Before any proxy client exists: flow evaluations and the optimizer's verify count model calls.
    installProviderCallCounting()
    // Feature by feature: an invalid evaluation or rate-limit variable turns that part off (or to
    // its defaults), not the plugin; the startup check has already logged it.
    let evaluationConfig: EvaluationConfig | undefined
    let evaluationConfigError: Error | undefined
    try {
        evaluationConfig = loadEvaluationConfig(env, config.dataDir)
    } catch (error) {
        evaluationConfigError = error as Error
    }
    const rateLimits = createRateLimits(rateLimitConfigOrDefaults(env))
    const nodeDirs = await ensureNodeDirs(config, host.logger)
    const capabilities = new CapabilityService({
        dirs: [host.componentNodesDir, PLUGIN_NODES_DIR, ...nodeDirs],
        watchDirs: [PLUGIN_NODES_DIR, ...nodeDirs, ...(config.watchComponents ? [host.componentNodesDir] : [])],
        cache: new CatalogCache(path.join(config.dataDir, 'capabilities.json')),
        registry: host.nodes,
        log: host.logger,
        env
    })
    const runtime = getRuntime()
    const catalogGauges = () => {
        runtime.metrics.catalogNodes.set(capabilities.catalog.size)
        runtime.metrics.catalogLoadErrors.set(capabilities.catalog.loadFailures().length)
    }
    capabilities.on('update', (update) => {
        catalogGauges()
        runtime.metrics.catalogUpdates.observe(update.processingMs / 1000)
        host.emit(CAPABILITIES_EVENT, update)
    })

    const router = Router()
    router.use(rateLimits.middleware)
    router.use(bodyLimits)
    router.get('/health', healthRoute(config, host.componentNodesDir))
    router.use('/capabilities', host.requirePermission('chatflows:view'), capabilitiesRoutes(capabilities))
    const ready = capabilities.start().then(
        ({ files, reused, ms }) => {
            catalogGauges()
            host.logger.info(
                `[orquesta] capability catalog: ${capabilities.catalog.size} nodes from ${files} files in ${Math.round(ms)} ms (${reused} from cache)`
            )
        },
        (error: Error) => host.logger.error(`[orquesta] capability catalog failed to start: ${error.message}`)
    )
    const endpoint = resolveProxyEndpoint({ url: config.proxyUrl, key: config.proxyKey })
    const evaluation = evaluationConfig
        ? startEvaluation({
              config: evaluationConfig,
              endpoint,
              runtime,
              log: host.logger,
              predictFlow: host.chatflows.predict,
              onFinished: (finished) => reportFinishedRun(finished, runtime.metrics, runtime.tracer)
          })
        : Promise.reject(evaluationConfigError!)
    evaluation.then(
        (started) =>
            host.logger.info(
                `[orquesta] evaluation: results in ${evaluationConfig!.database.kind}; schedules ${started.scheduler ? 'on' : 'off'}`
            ),
        (error: Error) => host.logger.error(`[orquesta] evaluation failed to start: ${error.message}`)
    )
    const services: HostServices = {
        catalog: () => ready.then(() => capabilities.catalog),
        chatflows: host.chatflows,
        proxyUrl: config.proxyUrl,
        proxyCredentials: (scope, ids) => host.chatflows.credentialsHolding(scope, ids, config.proxyKey),
        metrics: runtime.metrics,
        tracer: runtime.tracer,
        proxyChat: async (body, signal) => (await runtime.clients.get(endpoint).chat(body, { signal })).completion,
        measuredProfiles: async () => {
            const profiles = await runtime.models.get(endpoint).catch(() => undefined)
            return profiles?.map((p) => runtime.measurements.apply(p))
        },
        estimateSources: async () => ({
            // Without the proxy there are no prices; the estimate then says so for each model.
            profiles: await runtime.models.get(endpoint).catch(() => undefined),
            observedLatencyMs: (model) => runtime.latency.median(model)
        }),
        evaluation: () => evaluation.then((started) => started.service),
        suites: () => evaluation.then((started) => started.suites)
    }
    runtime.services = services
    router.get(
        UI_DATA_ROUTE,
        host.requirePermission('chatflows:view'),
        dashboardDataRoute(async (req) => {
            const started = await evaluation.catch((error: Error) => {
                throw new EvaluationRequestError(`Evaluation is unavailable: ${error.message}`, 503)
            })
            const scope = host.chatflows.scopeOf(req)
            return {
                service: started.service,
                scheduler: started.scheduler,
                routing: () => runtime.routing.summary(),
                catalog: () => capabilities.catalog,
                flowName: (id) =>
                    host.chatflows.get(scope, id).then(
                        (flow) => flow.name,
                        () => undefined
                    )
            }
        })
    )
    router.use(host.requirePermission('chatflows:view'), optimizerRoutes({ ...services, requirePermission: host.requirePermission }))
    router.use(host.requirePermission('chatflows:view'), orchestratorRoutes({ ...services, requirePermission: host.requirePermission }))
    const evaluationRouter = evaluation.then((started) =>
        evaluationRoutes({
            service: started.service,
            scheduler: started.scheduler,
            chatflows: host.chatflows,
            requirePermission: host.requirePermission
        })
    )
    router.use('/evaluations', (req, res, next) => {
        evaluationRouter.then(
            (routes) => routes(req, res, next),
            (error: Error) => res.status(503).json({ error: `Evaluation is unavailable: ${error.message}` })
        )
    })
    host.apiRouter.use(ROUTE_PREFIX, router)

    host.logger.info(
        `[orquesta] plugin ${PLUGIN_VERSION} started; LiteLLM proxy ${config.proxyUrl}; tracing ${runtime.tracer.backends.join(', ') || 'off'}`
    )
    const stop = async () => {
        await capabilities.stop()
        await evaluation.then((started) => started.stop()).catch(() => undefined)
        await runtime.tracer.shutdown(TRACE_SHUTDOWN_MS)
        await rateLimits.close()
    }
    return { config, capabilities, ready, evaluation, stop }
}
