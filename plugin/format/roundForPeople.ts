/**
 * Numbers as people read them, for reports and routing records: floating-point sums such as
 * `385.2377049999777` ms or `5.6999999999999996e-05` USD say no more than `385` ms or
 * `0.000057` USD, and hide the figure that matters. One helper so that every record and report
 * rounds alike; the raw figures stay in the computations (cost checks, metrics).
 */

/** Significant digits kept for amounts of money. */
const USD_SIGNIFICANT_DIGITS = 3

/** A duration (ms): whole milliseconds from 100 ms up, one decimal below (a cache hit takes 0.4 ms). */
export const roundMs = (ms: number): number => {
    if (!Number.isFinite(ms)) return ms
    return Math.abs(ms) >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10
}

/** An amount (USD) to three significant digits: `5.6999999999999996e-05` → `0.000057`. */
export const roundUsd = (usd: number): number => {
    if (!Number.isFinite(usd) || usd === 0) return usd
    return Number(usd.toPrecision(USD_SIGNIFICANT_DIGITS))
}

/** `roundMs` for optional figures. */
export const roundMsOrUndefined = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : roundMs(ms))

/** `roundUsd` for optional figures. */
export const roundUsdOrUndefined = (usd: number | undefined): number | undefined => (usd === undefined ? undefined : roundUsd(usd))

/** An amount as text: `$0.000057`, never in exponent notation. */
export const formatUsd = (usd: number): string => {
    const rounded = roundUsd(usd)
    if (rounded === 0) return '$0'
    const decimals = Math.max(2, USD_SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(Math.abs(rounded))))
    return `$${rounded.toFixed(Math.min(decimals, 20)).replace(/(\.\d*?[1-9])0+$/, '$1')}`
}
