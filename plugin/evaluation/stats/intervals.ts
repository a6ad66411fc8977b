import { mean, sampleStandardDeviation } from './simpleStatistics'
import type { Estimate } from '../types'
import { normalQuantile, studentTQuantile } from './distributions'
import { InvalidStatisticsInputError, requireInRange, requireInteger } from './errors'

/** Every {@link Estimate} is a 95% interval: the two-sided tail probability is 2.5% on each side. */
const UPPER_TAIL = 0.975
const Z = normalQuantile(UPPER_TAIL)

/**
 * A proportion with its 95% Wilson score interval.
 *
 * Wilson rather than the normal (Wald) interval because it stays inside [0, 1] and keeps its
 * coverage near 0 and 1, where evaluation pass rates live (10 passes of 10 still give a lower
 * bound of 0.72 instead of a zero-width interval). `successes` may be fractional: a sum of
 * per-case pass rates over `n` cases, which makes the interval conservative when cases are
 * repeated (a pass rate varies less than a single pass/fail).
 *
 * With `n` = 0 the estimate is 0 in [0, 1]: nothing is known.
 */
export const wilsonInterval = (successes: number, n: number): Estimate => {
    requireInteger('n', n, 0)
    requireInRange('successes', successes, 0, n)
    if (n === 0) return { value: 0, low: 0, high: 1, n: 0 }
    const p = successes / n
    const z2 = Z * Z
    const center = (p + z2 / (2 * n)) / (1 + z2 / n)
    const halfWidth = (Z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
    // At 0 and n the bounds are exactly 0 and 1; rounding would leave them a hair inside, excluding the estimate.
    return {
        value: p,
        low: successes === 0 ? 0 : Math.max(0, center - halfWidth),
        high: successes === n ? 1 : Math.min(1, center + halfWidth),
        n
    }
}

/**
 * The mean of scores in [0, 1] with its 95% Student t interval, clipped to [0, 1].
 *
 * A t interval rather than a bootstrap: it is exact for normal data, close for means of 30 or
 * more bounded scores, deterministic, and the bootstrap percentile interval is too narrow for the
 * small per-category counts (it uses z, not t, and the plug-in variance). Two cases where t says
 * nothing useful are handled explicitly:
 * - one value: no spread is known, so the interval is all of [0, 1];
 * - every value equal (typically all 0 or all 1): t would claim certainty, so the Wilson interval
 *   of that value over n is used instead, the widest a [0, 1] score can vary
 *   (3 perfect cases give [0.44, 1], not [1, 1]).
 */
export const meanInterval = (values: readonly number[]): Estimate => {
    const n = values.length
    if (n === 0) throw new InvalidStatisticsInputError('meanInterval needs at least one value')
    for (const v of values) requireInRange('score', v, 0, 1)
    const value = mean(values)
    if (n === 1) return { value, low: 0, high: 1, n }
    const deviation = sampleStandardDeviation(values)
    // Equal values leave rounding noise of about 1e-16 in the deviation, not an exact 0.
    if (deviation < 1e-12) return { ...wilsonInterval(Math.min(n, value * n), n), value }
    const halfWidth = (studentTQuantile(UPPER_TAIL, n - 1) * deviation) / Math.sqrt(n)
    return { value, low: Math.max(0, value - halfWidth), high: Math.min(1, value + halfWidth), n }
}
