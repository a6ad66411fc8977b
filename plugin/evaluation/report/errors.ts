/** Results handed to a report or comparison cannot be used as given (the message says how to fix the call). */
export class EvaluationReportError extends Error {
    constructor(message: string) {
        super(message)
        this.name = 'EvaluationReportError'
    }
}

const list = (names: Iterable<string>): string => [...names].map((n) => `"${n}"`).join(', ')

/** The distinct values of `key` in `results`, in order of first appearance. */
export const distinct = <T, K extends string>(results: readonly T[], key: (result: T) => K): K[] => [...new Set(results.map(key))]

/** Throws unless `results` hold exactly one distinct value of `key`, which it returns. */
export const requireSingle = <T>(results: readonly T[], key: (result: T) => string, what: string, caller: string): string => {
    const values = distinct(results, key)
    if (values.length === 0) throw new EvaluationReportError(`${caller} got no results: pass the results of at least one ${what}`)
    if (values.length > 1)
        throw new EvaluationReportError(
            `${caller} takes the results of one ${what}, got ${values.length}: ${list(values)}; filter by ${what} first`
        )
    return values[0]
}
