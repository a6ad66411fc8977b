import { parseFlowData } from '../flow/flowData'
import type { ChatflowScope } from '../routes/optimizerRoutes'
import type { HostServices } from '../runtime'
import { configuredModels } from './estimateAgentflowV2'
import { flowEstimator } from './estimateFlow'
import { optimizeFlow, type OptimizationResult } from './optimizeFlow'
import type { OptimizeConstraints, PassName } from './types'

/** Where an optimizer run came from, for its trace. */
export interface OptimizerRunOrigin {
    /** `rest` (the REST route) or `tool` (the Flow Optimizer tool). */
    readonly source: 'rest' | 'tool'
    readonly chatflowId?: string
}

/** The credential ids a flow's nodes name (unreadable flowData names none; the optimizer reports it). */
const credentialIdsOf = (flowData: unknown): string[] => {
    try {
        // Chatflow nodes name theirs; Agentflow v2 model configs hold theirs inside.
        const ids = parseFlowData(flowData).nodes.flatMap((n) => [
            n.data.credential,
            ...configuredModels(n).map(({ model }) => model.data.inputs?.FLOWISE_CREDENTIAL_ID)
        ])
        return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))]
    } catch {
        return []
    }
}

const changesByPass = (result: OptimizationResult): Record<string, number> => {
    const counts: Record<string, number> = {}
    for (const change of result.report.changes) counts[change.pass] = (counts[change.pass] ?? 0) + 1
    return counts
}

/**
 * Optimizes a flow with what the running plugin knows: the capability catalog's node
 * definitions, the LiteLLM proxy's models (prices, capabilities, quality) and the router's
 * observed latencies. Used by the REST route and the Flow Optimizer tool alike; each run is
 * counted in the metrics and traced as a trace of its own.
 */
export const optimizeInHost = async (
    services: HostServices,
    flowData: unknown,
    options: {
        constraints?: OptimizeConstraints
        disable?: readonly PassName[]
        origin?: OptimizerRunOrigin
        /** The workspace whose credentials the flow's nodes name. */
        scope?: ChatflowScope
    }
): Promise<OptimizationResult> => {
    const catalog = await services.catalog()
    const sources = await services.estimateSources()
    const proxyCredentials = await services.proxyCredentials(options.scope ?? {}, credentialIdsOf(flowData))
    const started = performance.now()
    const startedAt = Date.now()
    const origin = options.origin ?? { source: 'rest' }
    try {
        const result = optimizeFlow(flowData, {
            definitions: (name) => catalog.get(name),
            constraints: options.constraints,
            disable: options.disable,
            models: sources.profiles,
            proxyUrl: services.proxyUrl,
            proxyCredentials,
            latencyOf: (m) => sources.observedLatencyMs(m.name) ?? m.priorLatencyMs,
            estimate: flowEstimator(catalog, sources)
        })
        services.metrics.optimizerRuns.inc({ status: 'ok' })
        for (const change of result.report.changes) services.metrics.optimizerChanges.inc({ pass: change.pass })
        const size = result.flow.nodes.length
        services.metrics.flowGenerations.inc({ type: 'optimized', complexity: size <= 10 ? 'small' : size <= 50 ? 'medium' : 'large' })
        services.metrics.orchestrationDuration.observe({ workflow_type: 'optimize', status: 'ok' }, (performance.now() - started) / 1000)
        services.tracer.traceOptimizerRun({
            ...origin,
            startedAt,
            finishedAt: Date.now(),
            status: 'ok',
            nodes: size,
            changesByPass: changesByPass(result),
            constraints: options.constraints as Record<string, unknown> | undefined
        })
        return result
    } catch (error) {
        services.metrics.optimizerRuns.inc({ status: 'error' })
        services.metrics.orchestrationErrors.inc({ type: (error as Error).name, component: 'optimizer' })
        services.tracer.traceOptimizerRun({
            ...origin,
            startedAt,
            finishedAt: Date.now(),
            status: 'error',
            errorType: (error as Error).name,
            changesByPass: {},
            constraints: options.constraints as Record<string, unknown> | undefined
        })
        throw error
    }
}
