import { selectModel } from '../plugin/router/selectModel'
import type { ModelProfile, SelectionRequest } from '../plugin/router/types'
import { median } from './stats'

const profiles = (n: number): ModelProfile[] =>
    Array.from({ length: n }, (_, i) => ({
        name: `model-${String(i).padStart(3, '0')}`,
        provider: ['openai', 'anthropic', 'gemini'][i % 3],
        inputCostPerToken: 1e-7 * (1 + (i % 17)),
        outputCostPerToken: 4e-7 * (1 + (i % 13)),
        maxInputTokens: 128_000,
        supportsTools: i % 4 !== 0,
        supportsAudio: false,
        supportsFiles: false,
        supportsVision: i % 3 === 0,
        supportsJson: true,
        quality: { general: 0.5 + (i % 10) / 20, coding: 0.4 + (i % 7) / 12 },
        priorLatencyMs: 200 + ((i * 37) % 1800),
        demo: false
    }))

/** A typical constrained request: most of the 200 models are excluded by one rule or another. */
export const CONSTRAINED: SelectionRequest = {
    inputTokens: 1200,
    outputTokens: 256,
    required: ['tools'],
    category: 'coding',
    minQuality: 0.6,
    maxCostUsd: 0.002,
    maxLatencyMs: 1500,
    preferred: ['model-007'],
    strategy: 'balanced'
}

/** The worst case for ranking: no constraints, every candidate admitted and sorted. */
export const UNCONSTRAINED: SelectionRequest = {
    ...CONSTRAINED,
    required: [],
    minQuality: undefined,
    maxCostUsd: undefined,
    maxLatencyMs: undefined
}

/** Median time per decision (µs) over `rounds` batches of `batch` decisions. */
export const timeSelection = (candidates: number, request: SelectionRequest, rounds = 30, batch = 2_000): number => {
    const models = profiles(candidates)
    const latency = (m: ModelProfile) => m.priorLatencyMs
    let sink = 0
    for (let i = 0; i < batch; i++) sink += selectModel(models, request, latency).ranked.length
    const perDecision: number[] = []
    for (let r = 0; r < rounds; r++) {
        const start = process.hrtime.bigint()
        for (let i = 0; i < batch; i++) sink += selectModel(models, request, latency).ranked.length
        perDecision.push(Number(process.hrtime.bigint() - start) / 1_000 / batch)
    }
    if (sink < 0) console.log(sink)
    return median(perDecision)
}
