import { STRATEGIES } from './strategies'
import type { CandidateFacts, Decision, Exclusion, ModelProfile, RankedCandidate, SelectionRequest, TaskCategory } from './types'

/** Expected latency (ms) of a model, or undefined when nothing is known. */
export type LatencyLookup = (model: ModelProfile) => number | undefined

/** Quality of `model` for `category`, falling back to its `general` score. */
export const qualityFor = (model: ModelProfile, category: TaskCategory): number | undefined =>
    model.quality[category] ?? model.quality.general

/** Estimated cost (USD) of a request of `inputTokens` in and `outputTokens` out on `model`. */
export const estimateCostUsd = (model: ModelProfile, inputTokens: number, outputTokens: number): number =>
    inputTokens * model.inputCostPerToken + outputTokens * model.outputCostPerToken

const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const usd = (x: number) => `$${x.toPrecision(3)}`

const missingCapability = (model: ModelProfile, request: SelectionRequest): string | undefined => {
    for (const capability of request.required) {
        const ok = capability === 'tools' ? model.supportsTools : capability === 'vision' ? model.supportsVision : model.supportsJson
        if (!ok) return capability
    }
    return undefined
}

/**
 * Chooses the order in which to try `candidates` for one request.
 *
 * 1. Admission: a model is excluded when it lacks a required capability, the prompt exceeds
 *    its context window, its estimated cost is over `maxCostUsd`, its expected latency is over
 *    `maxLatencyMs` (a model with no latency data is admitted), or its quality for the category
 *    is under `minQuality` (a model with no quality data is excluded when a floor is set).
 * 2. Ranking: preferred models first, in the order given; then by the strategy's score,
 *    highest first; ties go to the cheaper model, then to the model name in code-point order.
 *
 * Pure and deterministic: the same inputs always give the same decision.
 */
export const selectModel = (candidates: readonly ModelProfile[], request: SelectionRequest, latencyOf: LatencyLookup): Decision => {
    const admitted: CandidateFacts[] = []
    const excluded: Exclusion[] = []
    const { maxCostUsd, maxLatencyMs, minQuality } = request

    for (const model of candidates) {
        const missing = missingCapability(model, request)
        if (missing) {
            excluded.push({ model: model.name, reason: 'missing-capability', detail: `does not support ${missing}` })
            continue
        }
        if (model.maxInputTokens !== undefined && request.inputTokens > model.maxInputTokens) {
            excluded.push({
                model: model.name,
                reason: 'context-too-long',
                detail: `prompt of ~${request.inputTokens} tokens exceeds its ${model.maxInputTokens}-token context`
            })
            continue
        }
        const costUsd = estimateCostUsd(model, request.inputTokens, request.outputTokens)
        if (maxCostUsd !== undefined && costUsd > maxCostUsd) {
            excluded.push({ model: model.name, reason: 'over-cost', detail: `estimated ${usd(costUsd)} > max ${usd(maxCostUsd)}` })
            continue
        }
        const latencyMs = latencyOf(model)
        if (maxLatencyMs !== undefined && latencyMs !== undefined && latencyMs > maxLatencyMs) {
            excluded.push({
                model: model.name,
                reason: 'over-latency',
                detail: `expected ${Math.round(latencyMs)} ms > max ${maxLatencyMs} ms`
            })
            continue
        }
        const quality = qualityFor(model, request.category)
        if (minQuality !== undefined && (quality === undefined || quality < minQuality)) {
            excluded.push({
                model: model.name,
                reason: 'under-quality',
                detail:
                    quality === undefined
                        ? `no quality score for ${request.category}`
                        : `quality ${quality.toFixed(2)} for ${request.category} < min ${minQuality}`
            })
            continue
        }
        admitted.push({ model, costUsd, latencyMs, quality })
    }

    const scores = STRATEGIES[request.strategy].score(admitted)
    const order = admitted.map((facts, i) => {
        const preferred = request.preferred.indexOf(facts.model.name)
        return { candidate: { ...facts, score: scores[i] }, preferredRank: preferred === -1 ? Infinity : preferred }
    })
    order.sort(
        (a, b) =>
            a.preferredRank - b.preferredRank ||
            b.candidate.score - a.candidate.score ||
            a.candidate.costUsd - b.candidate.costUsd ||
            compareNames(a.candidate.model.name, b.candidate.model.name)
    )
    const ranked: RankedCandidate[] = order.map((o) => o.candidate)
    return { strategy: request.strategy, ranked, excluded }
}
