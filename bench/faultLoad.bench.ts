import type { CapabilityCatalog } from '../plugin/capabilities/CapabilityCatalog'
import type { TestFlowise } from '../test/support/flowise'
import { litellmChain, routerChain } from '../test/support/flows'
import { predictionLoad, type PredictionOutcome } from '../test/support/load'
import { upstream, type TestModel, type TestStack } from '../test/support/stack'
import { median, quantile } from './stats'

/** The fault load's three upstreams (the proxy of the benchmark must serve them). */
export const FAULT_MODELS: readonly TestModel[] = ['flaky', 'hanging', 'healthy'].map((name) => ({
    name,
    input: 1e-7,
    output: 2e-7,
    quality: { general: 0.8 }
}))

export interface FaultLoadFigures {
    readonly errorRate: number
    readonly p50Ms: number
    readonly p95Ms: number
    readonly maxMs: number
    /** Requests the upstreams received per prediction. */
    readonly upstreamCallsPerRequest: number
}

const figures = (outcomes: readonly PredictionOutcome[], upstreamCalls: number): FaultLoadFigures => {
    const ms = outcomes.map((o) => o.ms)
    return {
        errorRate: outcomes.filter((o) => o.error).length / outcomes.length,
        p50Ms: median(ms),
        p95Ms: quantile(ms, 0.95),
        maxMs: Math.max(...ms),
        upstreamCallsPerRequest: upstreamCalls / outcomes.length
    }
}

/**
 * The router's fault load (one upstream failing every other call, one hanging, one healthy;
 * `count` predictions, `concurrency` at a time, alternately streaming) against Flowise's stock
 * ChatLitellm node on the same proxy, calling the failing model (it has no fallback of its own).
 */
export const compareUnderFaults = async (
    stack: TestStack,
    flowise: TestFlowise,
    catalog: CapabilityCatalog,
    count: number,
    concurrency: number
): Promise<{ router: FaultLoadFigures; stock: FaultLoadFigures }> => {
    const script = () => {
        stack.provider.reset()
        stack.provider.script(upstream('flaky'), { failWith: { status: 500 }, failEvery: 2 })
        stack.provider.script(upstream('hanging'), { hang: true })
    }
    const all = JSON.stringify(FAULT_MODELS.map((m) => m.name))
    const create = async (name: string, flow: ReturnType<ReturnType<typeof routerChain>['build']>) =>
        flowise.client.createChatflow(name, flow.nodes, flow.edges)
    const routerId = await create(
        'bench: router under faults',
        routerChain(catalog, {
            candidateModels: all,
            preferredModels: all,
            attemptTimeoutMs: 5_000,
            totalTimeoutMs: 30_000,
            streaming: true
        }).build()
    )
    const stockFlow = litellmChain(catalog, `${stack.litellm.url}/v1`, 'flaky').build()
    stockFlow.nodes.find((n) => n.data.name === 'chatLitellm')!.data.credential = await flowise.client.createCredential(
        'bench stock under faults',
        'litellmApi',
        { litellmApiKey: stack.masterKey }
    )
    const stockId = await create('bench: stock ChatLitellm under faults', stockFlow)
    script()
    const router = figures(await predictionLoad(flowise.client, routerId, count, concurrency), stack.provider.requests.length)
    script()
    const stock = figures(await predictionLoad(flowise.client, stockId, count, concurrency), stack.provider.requests.length)
    return { router, stock }
}
