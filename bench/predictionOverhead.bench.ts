import { readFileSync } from 'node:fs'
import { connect, flowNode, type TestFlowise } from '../test/support/flowise'
import type { TestStack } from '../test/support/stack'
import { median, quantile } from './stats'

/** The router's figures, the stock node's, and the median of their paired differences. */
export interface LatencyComparison {
    readonly router: LatencyFigures
    readonly stock: LatencyFigures
    /**
     * Median of router − stock over adjacent pairs of predictions (ms): each pair ran back to back,
     * so a slow stretch of the machine hits both sides of it, and the figure moves less than the
     * difference of the two medians.
     */
    readonly pairedDifferenceMs: number
}

export interface LatencyFigures {
    readonly medianMs: number
    readonly p95Ms: number
    /** CPU time per prediction (ms) of the Flowise process and of the LiteLLM proxy. */
    readonly flowiseCpuMs: number
    readonly proxyCpuMs: number
}

/** CPU time (ms, user + system) a process has used, from /proc; clock ticks of 10 ms. */
const cpuMsOf = (pid: number | undefined): number => {
    if (pid === undefined) return NaN
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
}

/**
 * The same LLM-chain chatflow twice — once with the LiteLLM Router node, once with Flowise's
 * stock ChatLitellm node — through the same LiteLLM proxy and stand-in provider. Predictions
 * alternate between the two flows so that machine noise hits both alike.
 */
export const comparePredictionLatency = async (stack: TestStack, flowise: TestFlowise, runs: number): Promise<LatencyComparison> => {
    const { client } = flowise
    const [prompt, router, stock, chain] = await Promise.all(
        ['promptTemplate', 'liteLLMRouter', 'chatLitellm', 'llmChain'].map((name) => client.node(name))
    )
    const routerCredential = await client.createCredential('bench router', 'liteLLMRouterApi', {
        liteLLMProxyUrl: stack.litellm.url,
        liteLLMApiKey: stack.masterKey
    })
    const stockCredential = await client.createCredential('bench stock', 'litellmApi', { litellmApiKey: stack.masterKey })
    const flow = async (name: string, modelNode: ReturnType<typeof flowNode>) => {
        const promptNode = flowNode(prompt, 'promptTemplate_0', { template: 'Q: {question}', promptValues: '' })
        const chainNode = flowNode(chain, 'llmChain_0', {})
        return client.createChatflow(
            name,
            [promptNode, modelNode, chainNode],
            [connect(modelNode, chainNode, 'model'), connect(promptNode, chainNode, 'prompt')]
        )
    }
    const routerFlow = await flow(
        'bench: router',
        flowNode(
            router,
            'liteLLMRouter_0',
            { candidateModels: '["budget"]', strategy: 'cost-based', streaming: false, temperature: 0 },
            routerCredential
        )
    )
    const stockFlow = await flow(
        'bench: stock ChatLitellm',
        flowNode(
            stock,
            'chatLitellm_0',
            { basePath: `${stack.litellm.url}/v1`, modelName: 'budget', streaming: false, temperature: 0 },
            stockCredential
        )
    )
    // CPU time is read around each prediction: unlike latency, it hardly moves with the load
    // other work puts on the machine, so it tells whose work costs more.
    const cpu = { router: { flowise: 0, proxy: 0 }, stock: { flowise: 0, proxy: 0 } }
    const time = async (id: string) => {
        const [flowise0, proxy0] = [cpuMsOf(flowise.server.process.pid), cpuMsOf(stack.litellm.process.pid)]
        const start = performance.now()
        await client.predict(id, 'benchmark question')
        const ms = performance.now() - start
        const spent = cpu[id === routerFlow ? 'router' : 'stock']
        spent.flowise += cpuMsOf(flowise.server.process.pid) - flowise0
        spent.proxy += cpuMsOf(stack.litellm.process.pid) - proxy0
        return ms
    }
    for (let i = 0; i < 5; i++) {
        await time(routerFlow)
        await time(stockFlow)
    }
    cpu.router = { flowise: 0, proxy: 0 }
    cpu.stock = { flowise: 0, proxy: 0 }
    const routerMs: number[] = []
    const stockMs: number[] = []
    const differences: number[] = []
    for (let i = 0; i < runs; i++) {
        if (i % 2 === 0) {
            routerMs.push(await time(routerFlow))
            stockMs.push(await time(stockFlow))
        } else {
            stockMs.push(await time(stockFlow))
            routerMs.push(await time(routerFlow))
        }
        differences.push(routerMs[i] - stockMs[i])
    }
    const figures = (values: number[], spent: { flowise: number; proxy: number }) => ({
        medianMs: median(values),
        p95Ms: quantile(values, 0.95),
        flowiseCpuMs: spent.flowise / values.length,
        proxyCpuMs: spent.proxy / values.length
    })
    return { router: figures(routerMs, cpu.router), stock: figures(stockMs, cpu.stock), pairedDifferenceMs: median(differences) }
}
