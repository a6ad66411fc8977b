import type { CandidateFacts, StrategyName } from '../types'

/**
 * A routing strategy scores the admitted candidates of one request. It is a pure function:
 * same candidates, same scores, whatever their order; every score is finite and in [0, 1],
 * higher is better. Constraints are applied before a strategy runs, ties are broken after.
 */
export interface RoutingStrategy {
    readonly name: StrategyName
    /** One sentence for the node's option list and the README. */
    readonly description: string
    score(candidates: readonly CandidateFacts[]): number[]
}

/**
 * Maps values to [0, 1] so that the smallest scores 1 (for costs and latencies); an unknown
 * value scores 0, and a set of equal values scores 1 throughout.
 */
export const lowerIsBetter = (values: readonly (number | undefined)[]): number[] => {
    let min = Infinity
    let max = -Infinity
    for (const v of values) {
        if (v === undefined) continue
        if (v < min) min = v
        if (v > max) max = v
    }
    const span = max - min
    return values.map((v) => (v === undefined ? 0 : span > 0 ? (max - v) / span : 1))
}
