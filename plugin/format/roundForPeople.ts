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

/** Significant digits kept for figures without a unit (scores, rates, p-values, tokens per second). */
const PLAIN_SIGNIFICANT_DIGITS = 4

type Unit = 'ms' | 'usd' | 'plain'

/** The unit a field's name gives (`p50LatencyMs`, `ms`, `perRequestUsd`); otherwise the enclosing object's. */
const unitOfKey = (key: string, enclosing: Unit): Unit => {
    if (key === 'ms' || key.endsWith('Ms')) return 'ms'
    if (key.endsWith('Usd')) return 'usd'
    return enclosing
}

const roundNumber = (value: number, unit: Unit): number => {
    if (Number.isInteger(value) || !Number.isFinite(value)) return value
    if (unit === 'ms') return roundMs(value)
    if (unit === 'usd') return roundUsd(value)
    return Number(value.toPrecision(PLAIN_SIGNIFICANT_DIGITS))
}

const roundIn = (value: unknown, unit: Unit): unknown => {
    if (typeof value === 'number') return roundNumber(value, unit)
    if (Array.isArray(value)) return value.map((item) => roundIn(item, unit))
    if (value === null || typeof value !== 'object') return value
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, roundIn(field, unitOfKey(key, unit))]))
}

/**
 * A copy of a report Orquesta computed with every figure rounded by the unit its name gives:
 * `…Ms` as durations, `…Usd` as money (with the fields of an object so named, as in
 * `costRangeUsd.min`), other fractions to four significant digits; integers (counts, timestamps)
 * unchanged. Applied where reports leave the plugin (REST answers, tool outputs), never to what
 * users wrote (flow inputs, test variables, settings), which must come back as they were.
 */
export const roundReportForPeople = <T>(report: T): T => roundIn(report, 'plain') as T
