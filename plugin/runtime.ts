import type { CapabilityCatalog } from './capabilities/CapabilityCatalog'
import { ModelListCache } from './litellm/ModelListCache'
import { OrquestaMetrics } from './observability/metrics'
import { DEFAULT_TRACE_QUEUE_LIMITS } from './observability/tracing/TraceQueue'
import { createTracer, loadTracingConfig, type TracingConfig } from './observability/tracing/tracingConfig'
import type { Tracer } from './observability/tracing/Tracer'
import { LatencyTracker } from './router/LatencyTracker'
import { ModelMeasurements } from './router/ModelMeasurements'
import type { EvaluationService } from './evaluation/EvaluationService'
import type { SuiteLibrary } from './evaluation/suite/suiteLibrary'
import type { EstimateSources } from './optimizer/estimateFlow'
import type { ChatflowStore } from './routes/optimizerRoutes'

/** Services that exist once the plugin has started inside the host (not in `flowise worker`). */
export interface HostServices {
    /** The capability catalog, once it has been built. */
    readonly catalog: () => Promise<CapabilityCatalog>
    readonly chatflows: ChatflowStore
    /** The plugin's LiteLLM proxy. */
    readonly proxyUrl: string
    readonly metrics: OrquestaMetrics
    readonly tracer: Tracer
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
    /** Each proxy's model list, briefly cached. */
    readonly models: ModelListCache
    /** The plugin's Prometheus metrics (its own registry). */
    readonly metrics: OrquestaMetrics
    /** Langfuse and LangSmith tracing, as the environment configures it (a no-op without). */
    readonly tracer: Tracer
    /** Quality and latency measured by the latest evaluations, per model. */
    readonly measurements: ModelMeasurements
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
    return {
        latency: new LatencyTracker(),
        models: new ModelListCache(),
        metrics,
        tracer: createTracer(tracingConfigOrOff(), metrics),
        measurements: new ModelMeasurements()
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
