import type { BaseCache } from '@langchain/core/caches'
import type { ProxyEndpoint } from '../litellm/LiteLLMClient'
import type { OrquestaRuntime } from '../runtime'
import { LiteLLMRouterChatModel, type Attribution } from './LiteLLMRouterChatModel'
import { summarizeDecision } from './decisionSummary'
import type { RouterSettings } from './settingsSchema'

/** Thrown when the node names models that the proxy does not serve. */
export class UnknownModelError extends Error {
    constructor(unknown: readonly string[], proxyUrl: string, available: readonly string[]) {
        super(
            `Unknown model(s) ${unknown.join(', ')}: the LiteLLM proxy at ${proxyUrl} serves ${available.join(', ') || 'no models'}. ` +
                'Pick models from the list or add them to litellm-config.yaml.'
        )
        this.name = 'UnknownModelError'
    }
}

export interface CreateRouterModelOptions {
    readonly endpoint: ProxyEndpoint
    readonly settings: RouterSettings
    readonly runtime: OrquestaRuntime
    readonly attribution?: Attribution
    readonly cache?: BaseCache
    readonly debug?: (message: string) => void
}

/**
 * Builds the router chat model from validated settings: fetches the proxy's model list (cached),
 * checks that every named model exists, puts the latest evaluation's measurements in place of the
 * config's priors, and wires the process's shared proxy client, latency figures and model health in.
 */
export const createRouterModel = async (options: CreateRouterModelOptions): Promise<LiteLLMRouterChatModel> => {
    const { endpoint, settings, runtime } = options
    // The prediction's answer shows its decisions (see host/routingDisclosure).
    const nodeId = options.attribution?.metadata?.flowise_node_id
    void runtime.shareHealth()
    const models = await runtime.models.get(endpoint)
    await runtime.refreshMeasurements?.()
    runtime.metrics.setKnownModels(models.map((m) => m.name))
    const byName = new Map(models.map((m) => [m.name, m]))
    const named = [...new Set([...settings.candidateModels, ...settings.preferredModels])]
    const unknown = named.filter((name) => !byName.has(name))
    if (unknown.length > 0) throw new UnknownModelError(unknown, endpoint.baseUrl, [...byName.keys()])
    return new LiteLLMRouterChatModel({
        endpoint,
        candidates: settings.candidateModels.map((name) => runtime.measurements.apply(byName.get(name)!)),
        routing: {
            strategy: settings.strategy,
            category: settings.taskCategory,
            minQuality: settings.minQuality,
            maxCostUsd: settings.maxCostPerRequest,
            maxLatencyMs: settings.maxLatencyMs,
            required: settings.requiredCapabilities,
            preferred: settings.preferredModels,
            defaultOutputTokens: settings.defaultOutputTokens
        },
        reliability: {
            maxAttempts: settings.maxAttempts,
            attemptTimeoutMs: settings.attemptTimeoutMs,
            totalTimeoutMs: settings.totalTimeoutMs
        },
        client: runtime.clients.get(endpoint),
        latency: runtime.latency,
        health: runtime.health,
        observe: (event) => {
            runtime.metrics.recordRouterCall(event)
            runtime.routing.record(event)
            runtime.tracer.traceRouterCall(event, options.attribution)
            if (event.record)
                runtime.decisions.add({
                    nodeId: typeof nodeId === 'string' ? nodeId : undefined,
                    summary: summarizeDecision(event.record)
                })
        },
        temperature: settings.temperature,
        maxTokens: settings.maxTokens,
        topP: settings.topP,
        frequencyPenalty: settings.frequencyPenalty,
        presencePenalty: settings.presencePenalty,
        stop: settings.stopSequence,
        allowImageUploads: settings.allowImageUploads,
        streaming: settings.streaming,
        attribution: options.attribution,
        cache: options.cache,
        debug: options.debug
    })
}
