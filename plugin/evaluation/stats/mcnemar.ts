import { binomialDistribution } from './simpleStatistics'
import { InvalidStatisticsInputError, requireInteger } from './errors'

/**
 * Two-sided exact McNemar test on paired pass/fail outcomes: a binomial test of the discordant
 * pairs against p = ½. Exact rather than the χ² approximation because evaluation comparisons
 * often have only a handful of discordant pairs, where χ² is unreliable.
 *
 * @param passedOnlyInBaseline cases the baseline passed and the candidate failed (b)
 * @param passedOnlyInCandidate cases the candidate passed and the baseline failed (c)
 * @returns the p-value, 2 · P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), capped at 1; 1 without discordant pairs
 */
export const mcnemarExactP = (passedOnlyInBaseline: number, passedOnlyInCandidate: number): number => {
    requireInteger('passedOnlyInBaseline', passedOnlyInBaseline, 0)
    requireInteger('passedOnlyInCandidate', passedOnlyInCandidate, 0)
    const discordant = passedOnlyInBaseline + passedOnlyInCandidate
    if (discordant === 0) return 1
    const smaller = Math.min(passedOnlyInBaseline, passedOnlyInCandidate)
    // The table is cut where the cumulative probability reaches 1 − ε, always past the middle, so
    // the lower tail up to min(b, c) ≤ (b + c) / 2 is complete.
    const probabilities = binomialDistribution(discordant, 0.5)
    if (probabilities === undefined)
        throw new InvalidStatisticsInputError(`binomial distribution of ${discordant} discordant pairs is out of range`)
    let tail = 0
    for (let k = 0; k <= smaller; k++) tail += probabilities[k]
    return Math.min(1, 2 * tail)
}
