import { lowerIsBetter, type RoutingStrategy } from './strategy'

/** Weights of the balanced score; they sum to 1 so the score stays in [0, 1]. */
export const BALANCED_WEIGHTS = { quality: 0.5, cost: 0.3, latency: 0.2 } as const

/**
 * Quality (absolute, 0 when unknown) blended with cost and latency, each normalized across the
 * admitted candidates so that the cheapest and the fastest score 1.
 */
export const balanced: RoutingStrategy = {
    name: 'balanced',
    description: 'Quality 50%, cost 30%, latency 20%, cost and latency relative to the other candidates.',
    score: (candidates) => {
        const cost = lowerIsBetter(candidates.map((c) => c.costUsd))
        const latency = lowerIsBetter(candidates.map((c) => c.latencyMs))
        return candidates.map((c, i) => {
            const quality = Math.min(1, Math.max(0, c.quality ?? 0))
            return BALANCED_WEIGHTS.quality * quality + BALANCED_WEIGHTS.cost * cost[i] + BALANCED_WEIGHTS.latency * latency[i]
        })
    }
}
