import { ModelListCache } from './litellm/ModelListCache'
import { LatencyTracker } from './router/LatencyTracker'

/**
 * The plugin's process-wide state. Flowise instantiates node classes itself, so the node
 * adapters reach shared state through here and hand it to the engine explicitly.
 */
export interface OrquestaRuntime {
    /** Latencies the router observed, per model. */
    readonly latency: LatencyTracker
    /** Each proxy's model list, briefly cached. */
    readonly models: ModelListCache
}

let runtime: OrquestaRuntime | undefined

/** The runtime of this process, created on first use. */
export const getRuntime = (): OrquestaRuntime => (runtime ??= { latency: new LatencyTracker(), models: new ModelListCache() })
