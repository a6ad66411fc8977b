import type { CapabilityCatalog } from './capabilities/CapabilityCatalog'
import { loadPluginConfig } from './config'
import type { ServerProxy } from './litellm/resolveEndpoint'
import { ClientPool } from './litellm/ClientPool'
import { ModelListCache } from './litellm/ModelListCache'
import { OrquestaMetrics } from './observability/metrics'
import { DEFAULT_TRACE_QUEUE_LIMITS } from './observability/tracing/TraceQueue'
import { createTracer, loadTracingConfig, type TracingConfig } from './observability/tracing/tracingConfig'
import type { Tracer } from './observability/tracing/Tracer'
import { PredictionDecisions } from './router/PredictionDecisions'
import { LatencyTracker } from './router/LatencyTracker'
import { ModelHealth } from './router/ModelHealth'
import { RedisHealthSync } from './router/RedisHealthSync'
import { RoutingLog } from './router/RoutingLog'
import { redisUrlOf } from './evaluation/evaluationConfig'
import { ModelMeasurements } from './router/ModelMeasurements'
import type { EvaluationService } from './evaluation/EvaluationService'
import type { SuiteLibrary } from './evaluation/suite/suiteLibrary'
import type { EstimateSources } from './optimizer/estimateFlow'
import type { ChatflowScope, ChatflowStore } from './routes/optimizerRoutes'
import type { ProxyChat } from './orchestrator/planners/llmPlanner'
import type { ModelProfile } from './router/types'

/** Services that exist once the plugin has started inside the host (not in `flowise worker`). */
export interface HostServices {
    /** The capability catalog, once it has been built. */
    readonly catalog: () => Promise<CapabilityCatalog>
    readonly chatflows: ChatflowStore
    /** The plugin's LiteLLM proxy. */
    readonly proxyUrl: string
    /**
     * Of the credentials `ids`, those that hold the server's own proxy key (LITELLM_MASTER_KEY):
     * a node using one may be routed through the router, which uses that key. The key itself
     * stays in a closure (never on an object that could be logged).
     */
    readonly proxyCredentials: (scope: ChatflowScope, ids: readonly string[]) => Promise<ReadonlySet<string>>
    readonly metrics: OrquestaMetrics
    readonly tracer: Tracer
    /** One chat completion through the server's own proxy (its key, its URL), for the plugin's own calls (the orchestrator's planner). */
    readonly proxyChat: ProxyChat
    /** The proxy's models with the measured quality of the latest evaluations in place of the priors; undefined when the proxy cannot be asked. */
    readonly measuredProfiles: () => Promise<readonly ModelProfile[] | undefined>
    /** Prices from the plugin's LiteLLM proxy and the router's observed latencies, for estimates. */
    readonly estimateSources: () => Promise<EstimateSources>
    /** The evaluation service, once its database is open; rejects when it could not start. */
    readonly evaluation: () => Promise<EvaluationService>
    /** The suites an Evaluation Trigger's author can choose from; rejects when evaluation could not start. */
    readonly suites: () => Promise<SuiteLibrary>
}

/**
 * The plugin's process-wide state. Flowise instantiates node classes itself, so the node
 * adapters reach shared state through here and hand it to the engine explicitly.
 */
export interface OrquestaRuntime {
    /** Latencies the router observed, per model. */
    readonly latency: LatencyTracker
    /** Model circuit breakers, shared by every router node of the process. */
    readonly health: ModelHealth
    /**
     * Starts sharing model circuits with the other replicas through Redis, once, when a Redis is
     * configured (`ORQUESTA_REDIS_URL`, else Flowise's `REDIS_URL` / `REDIS_HOST`); resolves when
     * sharing runs or could not start (then circuits stay per process, and the error is logged once).
     */
    readonly shareHealth: () => Promise<void>
    /** One proxy client per endpoint. */
    readonly clients: ClientPool
    /** Each proxy's model list, briefly cached. */
    readonly models: ModelListCache
    /** The plugin's Prometheus metrics (its own registry). */
    readonly metrics: OrquestaMetrics
    /** Langfuse and LangSmith tracing, as the environment configures it (a no-op without). */
    readonly tracer: Tracer
    /** Quality and latency measured by the latest evaluations, per model. */
    readonly measurements: ModelMeasurements
    /** The routing decisions of the prediction running now, for its answer and chat message. */
    readonly decisions: PredictionDecisions
    /** The router's recent decisions in this process, for the page. */
    readonly routing: RoutingLog
    /**
     * The proxy this server was configured with (`LITELLM_PROXY_URL`, `LITELLM_MASTER_KEY`), read
     * once: the only URL the server's key is ever sent to.
     */
    readonly serverProxy: () => ServerProxy
    /** Brings `measurements` up to date where evaluations run in another process (`flowise worker`). */
    refreshMeasurements?: () => Promise<void>
    /** Set by the plugin's bootstrap. */
    services?: HostServices
}

let runtime: OrquestaRuntime | undefined

/** The tracing configuration, or tracing off when a variable is invalid (the startup check reports it). */
const tracingConfigOrOff = (): TracingConfig => {
    try {
        return loadTracingConfig()
    } catch {
        return { limits: DEFAULT_TRACE_QUEUE_LIMITS }
    }
}

const createRuntime = (): OrquestaRuntime => {
    const metrics = new OrquestaMetrics()
    let serverProxy: ServerProxy | undefined
    const clients = new ClientPool()
    const health = new ModelHealth()
    let sharing: Promise<void> | undefined
    return {
        health,
        shareHealth: () =>
            (sharing ??= (async () => {
                const url = redisUrlOf(process.env)
                if (!url) return
                await RedisHealthSync.start(url, health).catch((error: Error) =>
                    console.error(`[orquesta] ${error.message}; model health stays per process`)
                )
            })()),
        clients,
        serverProxy: () => {
            if (!serverProxy) {
                const config = loadPluginConfig()
                serverProxy = { url: config.proxyUrl, key: config.proxyKey }
            }
            return serverProxy
        },
        latency: new LatencyTracker(),
        models: new ModelListCache((endpoint) => clients.get(endpoint)),
        metrics,
        tracer: createTracer(tracingConfigOrOff(), metrics),
        measurements: new ModelMeasurements(),
        decisions: new PredictionDecisions(),
        routing: new RoutingLog()
    }
}

/**
 * The runtime of this process, created on first use. Never throws for configuration: an invalid
 * tracing variable turns tracing off (and is reported once at startup, see `checkConfiguration`).
 */
export const getRuntime = (): OrquestaRuntime => (runtime ??= createRuntime())

/** The plugin's host services, for a node that cannot work without them; otherwise an error saying how to start the plugin. */
export const requireHostServices = (nodeLabel: string): HostServices => {
    const services = getRuntime().services
    if (!services)
        throw new Error(`${nodeLabel} needs the Orquesta plugin running in this Flowise server (start it with the Orquesta preload).`)
    return services
}
