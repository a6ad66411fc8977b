import { errorFunction, probit } from './simpleStatistics'
import { requireInRange, requireInteger } from './errors'

const standardNormalCdf = (x: number): number => 0.5 * (1 + errorFunction(x / Math.SQRT2))
const standardNormalDensity = (x: number): number => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)

/**
 * Quantile of the standard normal distribution at probability `p` (in (0, 1)).
 *
 * simple-statistics' `probit` alone is off in the third decimal (1.9572 for p = 0.975 instead
 * of 1.95996); two Newton steps on its error function (accurate to about 1e-7) bring it to
 * about 1e-8, which is what interval bounds printed to three decimals need.
 */
export const normalQuantile = (p: number): number => {
    requireInRange('p', p, Number.MIN_VALUE, 1 - Number.EPSILON)
    let x = probit(p)
    for (let step = 0; step < 2; step++) x -= (standardNormalCdf(x) - p) / standardNormalDensity(x)
    return x
}

/**
 * P(|T| ≤ t) for Student's t with an integer number of degrees of freedom, by the finite series of
 * Abramowitz & Stegun 26.7.3–26.7.4 (exact up to rounding, no incomplete beta function needed
 * because our degrees of freedom are always case counts minus one).
 */
const studentTCentralProbability = (t: number, degreesOfFreedom: number): number => {
    const theta = Math.atan(Math.abs(t) / Math.sqrt(degreesOfFreedom))
    const cos2 = Math.cos(theta) ** 2
    const sin = Math.sin(theta)
    if (degreesOfFreedom % 2 === 0) {
        let term = 1
        let sum = 1
        for (let k = 2; k < degreesOfFreedom; k += 2) {
            term *= (cos2 * (k - 1)) / k
            sum += term
        }
        return sin * sum
    }
    if (degreesOfFreedom === 1) return (2 / Math.PI) * theta
    let term = Math.cos(theta)
    let sum = term
    for (let k = 3; k < degreesOfFreedom; k += 2) {
        term *= (cos2 * (k - 1)) / k
        sum += term
    }
    return (2 / Math.PI) * (theta + sin * sum)
}

/**
 * Quantile of Student's t distribution at probability `p` (in (0.5, 1)) with integer
 * `degreesOfFreedom` (≥ 1), by bisection on the exact distribution function.
 */
export const studentTQuantile = (p: number, degreesOfFreedom: number): number => {
    requireInRange('p', p, 0.5 + Number.EPSILON, 1 - Number.EPSILON)
    requireInteger('degreesOfFreedom', degreesOfFreedom, 1)
    const central = 2 * p - 1
    // The quantile shrinks as the degrees of freedom grow, so the Cauchy (1 df) quantile bounds it.
    let low = 0
    let high = Math.tan(Math.PI * (p - 0.5))
    for (let step = 0; step < 100 && high - low > 1e-12 * high; step++) {
        const mid = (low + high) / 2
        if (studentTCentralProbability(mid, degreesOfFreedom) < central) low = mid
        else high = mid
    }
    return (low + high) / 2
}
