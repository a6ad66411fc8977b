import { OrquestaMetrics } from '../plugin/observability/metrics'
import type { RouterCallEvent } from '../plugin/router/routingRecord'
import { median } from './stats'

const event = (model: string): RouterCallEvent => ({
    strategy: 'balanced',
    model,
    provider: 'openai',
    outcome: 'ok',
    durationMs: 840,
    timeToFirstTokenMs: 120,
    inputTokens: 512,
    outputTokens: 128,
    costUsd: 0.0004,
    fallbacks: [],
    exclusions: ['over-cost', 'under-quality']
})

/** Median cost (µs) of recording one router call in the metrics (the per-request overhead). */
export const metricsOverheadMicros = (rounds = 30, batch = 5_000): number => {
    const metrics = new OrquestaMetrics({ defaultMetrics: false })
    metrics.setKnownModels(['budget', 'standard', 'premium'])
    const models = ['budget', 'standard', 'premium']
    const times: number[] = []
    for (let r = 0; r < rounds; r++) {
        const start = process.hrtime.bigint()
        for (let i = 0; i < batch; i++) metrics.recordRouterCall(event(models[i % 3]))
        times.push(Number(process.hrtime.bigint() - start) / 1_000 / batch)
    }
    return median(times)
}

/** Median time (ms) to render `/metrics` with about `series` series. */
export const renderMillis = async (series: number, rounds = 30): Promise<{ ms: number; series: number }> => {
    const metrics = new OrquestaMetrics({ defaultMetrics: true })
    // Each known model adds about 70 series (histogram buckets included) across the router metrics.
    const models = Array.from({ length: Math.ceil(series / 70) }, (_, i) => `model-${i}`)
    metrics.setKnownModels(models)
    for (const model of models) metrics.recordRouterCall(event(model))
    const text = await metrics.registry.metrics()
    const count = text.split('\n').filter((line) => line && !line.startsWith('#')).length
    const times: number[] = []
    for (let r = 0; r < rounds; r++) {
        const start = performance.now()
        await metrics.registry.metrics()
        times.push(performance.now() - start)
    }
    return { ms: median(times), series: count }
}
