import { LiteLLMClient } from '../plugin/litellm/LiteLLMClient'
import { resolveProxyEndpoint } from '../plugin/litellm/resolveEndpoint'
import { orchestrate } from '../plugin/orchestrator/orchestrate'
import { LlmPlanner } from '../plugin/orchestrator/planners/llmPlanner'
import { interpretByRules } from '../plugin/orchestrator/planners/rulesPlanner'
import { realCatalog } from '../test/support/catalog'
import { orchestrateRequest, orchestratorDeps } from '../test/support/orchestrator'
import { StandInProvider, type ChatRequestBody } from '../test/support/standInProvider'
import { INTERPRETATION_SET } from '../test/plugin/orchestrator/interpretationSet'
import { median, quantile } from './stats'

export interface GenerationTimes {
    readonly n: number
    readonly p50Ms: number
    readonly p95Ms: number
    readonly meanMs: number
    readonly catalogNodes: number
}

const summary = (times: number[], catalogNodes: number): GenerationTimes => ({
    n: times.length,
    p50Ms: median(times),
    p95Ms: quantile(times, 0.95),
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    catalogNodes
})

/**
 * Generation time (interpret, security, compose, optimize, validate, estimate) without an LLM
 * call: the rules plan, the full stock catalog composes, over the 60 hand-written requests,
 * `rounds` times each (after one warm-up round).
 */
export const timeGenerationWithoutLlm = async (rounds: number): Promise<GenerationTimes> => {
    const catalog = await realCatalog()
    const deps = orchestratorDeps(catalog)
    const times: number[] = []
    for (let round = -1; round < rounds; round++)
        for (const { query } of INTERPRETATION_SET) {
            const started = performance.now()
            await orchestrate(orchestrateRequest(query, { material: { sourceText: 'notes' } }), deps).catch(() => undefined)
            if (round >= 0) times.push(performance.now() - started)
        }
    return summary(times, catalog.size)
}

/** The same with the LLM planner asking a stand-in model that answers the structured output after `latencyMs` (ms). */
export const timeGenerationWithPlanner = async (requests: number, latencyMs: number): Promise<GenerationTimes> => {
    const catalog = await realCatalog()
    const provider = new StandInProvider()
    await provider.start()
    try {
        provider.script('planner', {
            latencyMs,
            reply: (body: ChatRequestBody) => {
                const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '')
                const query = /<request>\n([\s\S]*)\n<\/request>/.exec(user)?.[1] ?? ''
                return { toolCalls: [{ name: 'requirement_spec', arguments: JSON.stringify(interpretByRules(query).spec) }] }
            }
        })
        const client = new LiteLLMClient(resolveProxyEndpoint({ url: provider.baseUrl.replace(/\/v1$/, ''), key: 'sk-stand-in' }))
        const planner = new LlmPlanner(async (body, signal) => (await client.chat(body, { signal })).completion, 'planner')
        const deps = orchestratorDeps(catalog, [planner])
        const times: number[] = []
        for (let i = 0; i < requests; i++) {
            const { query } = INTERPRETATION_SET[i % INTERPRETATION_SET.length]
            const started = performance.now()
            await orchestrate(orchestrateRequest(query, { material: { sourceText: 'notes' } }), deps).catch(() => undefined)
            times.push(performance.now() - started)
        }
        return summary(times, catalog.size)
    } finally {
        await provider.stop()
    }
}
