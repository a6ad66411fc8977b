/** A statistics function was given input it cannot compute with (the message says which and why). */
export class InvalidStatisticsInputError extends RangeError {
    constructor(message: string) {
        super(message)
        this.name = 'InvalidStatisticsInputError'
    }
}

/** Throws {@link InvalidStatisticsInputError} unless `value` is a finite number in [min, max]. */
export const requireInRange = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isFinite(value) || value < min || value > max)
        throw new InvalidStatisticsInputError(`${name} must be a finite number in [${min}, ${max}], got ${value}`)
}

/** Throws {@link InvalidStatisticsInputError} unless `value` is an integer ≥ `min`. */
export const requireInteger = (name: string, value: number, min: number): void => {
    if (!Number.isInteger(value) || value < min) throw new InvalidStatisticsInputError(`${name} must be an integer ≥ ${min}, got ${value}`)
}
