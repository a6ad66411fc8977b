import type { HostServices } from '../runtime'
import { flowEstimator } from './estimateFlow'
import { optimizeFlow, type OptimizationResult } from './optimizeFlow'
import type { OptimizeConstraints, PassName } from './types'

/**
 * Optimizes a flow with what the running plugin knows: the capability catalog's node
 * definitions, the LiteLLM proxy's models (prices, capabilities, quality) and the router's
 * observed latencies. Used by the REST route and the Flow Optimizer tool alike.
 */
export const optimizeInHost = async (
    services: HostServices,
    flowData: unknown,
    options: { constraints?: OptimizeConstraints; disable?: readonly PassName[] }
): Promise<OptimizationResult> => {
    const catalog = await services.catalog()
    const sources = await services.estimateSources()
    return optimizeFlow(flowData, {
        definitions: (name) => catalog.get(name),
        constraints: options.constraints,
        disable: options.disable,
        models: sources.profiles,
        proxyUrl: services.proxyUrl,
        estimate: flowEstimator(catalog, sources)
    })
}
