import { z } from 'zod'
import { extractNumber } from './extractNumber'
import { binary, excerpt, type AssertionDefinition } from './types'

const nonNegative = (field: string) =>
    z.number({ invalid_type_error: `numeric: \`${field}\` must be a number` }).nonnegative(`numeric: \`${field}\` must be ≥ 0`)

const numericSchema = z
    .object({
        type: z.literal('numeric'),
        value: z
            .number({
                required_error: 'numeric needs `value`: the expected number',
                invalid_type_error: 'numeric: `value` must be a number'
            })
            .finite(),
        /** Largest accepted |answer − value|, in the answer's units (default 0). */
        tolerance: nonNegative('tolerance').default(0),
        /** Largest accepted |answer − value| ÷ |value| (e.g. 0.01 for 1 %); default 0. */
        relativeTolerance: nonNegative('relativeTolerance').default(0)
    })
    .strict()

export type NumericSpec = z.infer<typeof numericSchema>

/**
 * The number the answer gives ({@link extractNumber}: the last number in it) is within the
 * tolerance of `value`: |answer − value| ≤ max(`tolerance`, `relativeTolerance` × |value|).
 * With neither tolerance the number must equal `value` exactly.
 */
export const numeric: AssertionDefinition<NumericSpec> = {
    type: 'numeric',
    summary: 'the last number in the answer is within a tolerance of `value`',
    schema: numericSchema,
    async evaluate(spec, output) {
        const found = extractNumber(output)
        if (found === undefined) return binary('numeric', false, `expected ${spec.value}, but the answer has no number: ${excerpt(output)}`)
        const allowed = Math.max(spec.tolerance, spec.relativeTolerance * Math.abs(spec.value))
        const difference = Math.abs(found - spec.value)
        // A few ulps of slack so that decimal noise (0.1 + 0.2) does not fail an exact match.
        const pass = difference <= allowed + 4 * Number.EPSILON * Math.max(1, Math.abs(spec.value), Math.abs(found))
        const relation = allowed === 0 ? 'equal to' : `within ±${allowed} of`
        return binary('numeric', pass, `answer ${found} ${pass ? 'is' : 'is not'} ${relation} ${spec.value} (difference ${difference})`)
    }
}
