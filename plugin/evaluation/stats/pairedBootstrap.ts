import seedrandom from 'seedrandom'
import { mean, quantileSorted } from './simpleStatistics'
import { InvalidStatisticsInputError, requireInteger } from './errors'

/** Resamples when none are asked for: the low end of the 2,000–10,000 the literature recommends, enough for p ≈ 0.001. */
export const DEFAULT_RESAMPLES = 2_000
/** Seed when none is given, so that the same data always give the same interval and p-value. */
export const DEFAULT_SEED = 'orquesta-evaluation'

export interface PairedBootstrapOptions {
    /** Number of bootstrap resamples (≥ 1); {@link DEFAULT_RESAMPLES} by default. */
    readonly resamples?: number
    /** Seed of the resampling RNG; {@link DEFAULT_SEED} by default. */
    readonly seed?: string
}

export interface PairedBootstrapResult {
    /** Mean of the paired differences (candidate − baseline). */
    readonly meanDifference: number
    /** 2.5th percentile of the resampled mean differences. */
    readonly low: number
    /** 97.5th percentile of the resampled mean differences. */
    readonly high: number
    /** Two-sided p-value of "the mean difference is 0". */
    readonly p: number
    readonly resamples: number
}

/**
 * Paired bootstrap of the mean of per-case differences (candidate − baseline): resamples cases
 * with replacement, so the pairing (and any correlation between the two runs) is kept.
 *
 * The interval is the percentile interval of the resampled means. The p-value tests a mean of
 * 0 by comparing the resampled deviations from the observed mean with the observed mean (Hall &
 * Wilson's 1991 guideline: resample mean* − mean, which behaves as the statistic would under the
 * null): p = (1 + #{|mean* − mean| ≥ |mean|}) / (B + 1). The +1s, usual for Monte Carlo p-values,
 * keep it above 0; it is exactly 1 when nothing changed. With a handful of identical differences
 * every resample equals the mean and p falls to 1 / (B + 1): callers need a minimum of cases.
 *
 * The RNG is seedrandom's Alea (about 4× faster than its default ARC4, and ample for resampling);
 * the same seed and data give the same result.
 */
export const pairedBootstrap = (differences: readonly number[], options: PairedBootstrapOptions = {}): PairedBootstrapResult => {
    const resamples = options.resamples ?? DEFAULT_RESAMPLES
    requireInteger('resamples', resamples, 1)
    const n = differences.length
    if (n === 0) throw new InvalidStatisticsInputError('pairedBootstrap needs at least one paired difference')
    for (const d of differences)
        if (!Number.isFinite(d)) throw new InvalidStatisticsInputError(`paired difference ${d} is not a finite number`)
    const random = seedrandom.alea(options.seed ?? DEFAULT_SEED)
    const observed = mean(differences)
    const means = new Float64Array(resamples)
    let asExtreme = 0
    for (let b = 0; b < resamples; b++) {
        let sum = 0
        for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)]
        means[b] = sum / n
        // A tolerance of 1e-12 keeps float noise in the sums from deciding ties (all-equal differences).
        if (Math.abs(means[b] - observed) >= Math.abs(observed) - 1e-12) asExtreme++
    }
    means.sort()
    const sorted = Array.from(means)
    return {
        meanDifference: observed,
        low: quantileSorted(sorted, 0.025),
        high: quantileSorted(sorted, 0.975),
        p: (1 + asExtreme) / (resamples + 1),
        resamples
    }
}
