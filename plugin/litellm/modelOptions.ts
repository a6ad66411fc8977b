import type { ModelListCache } from './ModelListCache'
import type { ProxyEndpoint } from './ProxyEndpoint'

/** One entry of a node's model list, as Flowise's `asyncMultiOptions` inputs show it. */
export interface ModelOption {
    readonly label: string
    readonly name: string
    readonly description: string
}

const usdPerMillion = (perToken: number) => `$${(perToken * 1e6).toFixed(2)}`

/**
 * The models a LiteLLM proxy serves, as options of a node's model input: name, provider, prices
 * per million tokens and capability flags, fresh from the proxy (the user may have just edited its
 * config). Every Orquesta node that lists models uses this one.
 */
export const listModelOptions = async (models: ModelListCache, endpoint: ProxyEndpoint): Promise<ModelOption[]> =>
    (await models.get(endpoint, { fresh: true })).map((m) => {
        const flags = [m.supportsTools && 'tools', m.supportsVision && 'vision', m.demo && 'demo'].filter(Boolean)
        return {
            label: m.name,
            name: m.name,
            description: `${m.provider} · in ${usdPerMillion(m.inputCostPerToken)} / out ${usdPerMillion(m.outputCostPerToken)} per 1M tokens${flags.length ? ` · ${flags.join(', ')}` : ''}`
        }
    })
