import { quantile } from './simpleStatistics'
import { requireInRange } from './errors'

/**
 * The value at quantile `q` (in [0, 1]) of `values`, interpolating linearly between order statistics
 * (R's type 7, numpy's default), so that p95 of a small sample moves smoothly rather than jumping
 * to the maximum. Undefined for no values.
 */
export const percentile = (values: readonly number[], q: number): number | undefined => {
    requireInRange('q', q, 0, 1)
    return values.length === 0 ? undefined : quantile(values, q)
}
