import { requireInRange } from './errors'

/**
 * Holm's step-down adjustment of p-values for multiple comparisons (controls the family-wise
 * error rate, with no assumption about how the tests depend on each other, and is uniformly more
 * powerful than Bonferroni).
 *
 * The k-th smallest of m p-values is multiplied by (m − k + 1); each adjusted value is then
 * raised to the running maximum so that the adjusted order matches the raw order, and capped at 1.
 *
 * @returns the adjusted p-values, in the order of `pValues`
 */
export const holmAdjust = (pValues: readonly number[]): number[] => {
    pValues.forEach((p, i) => requireInRange(`pValues[${i}]`, p, 0, 1))
    const m = pValues.length
    const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b])
    const adjusted = new Array<number>(m)
    let runningMax = 0
    order.forEach((index, rank) => {
        runningMax = Math.max(runningMax, Math.min(1, (m - rank) * pValues[index]))
        adjusted[index] = runningMax
    })
    return adjusted
}
