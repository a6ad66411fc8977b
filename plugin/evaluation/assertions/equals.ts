import { z } from 'zod'
import { binary, excerpt, negateIf, type AssertionDefinition } from './types'

const equalsSchema = z
    .object({
        type: z.literal('equals'),
        value: z.string({ required_error: 'equals needs `value`: the expected answer (a string)' }),
        /** Compare case-sensitively (default true). */
        caseSensitive: z.boolean().default(true),
        not: z.boolean().optional()
    })
    .strict()

export type EqualsSpec = z.infer<typeof equalsSchema>

/** The trimmed output equals `value` (trimmed too), case-sensitively unless `caseSensitive: false`. */
export const equals: AssertionDefinition<EqualsSpec> = {
    type: 'equals',
    summary: 'the trimmed output equals `value`',
    schema: equalsSchema,
    async evaluate(spec, output) {
        const fold = (s: string) => (spec.caseSensitive ? s.trim() : s.trim().toLowerCase())
        const pass = fold(output) === fold(spec.value)
        const how = spec.caseSensitive ? '' : ' (ignoring case)'
        const reason = pass
            ? `output equals ${excerpt(spec.value.trim())}${how}`
            : `expected ${excerpt(spec.value.trim())}${how}, got ${excerpt(output.trim())}`
        return negateIf(spec.not, binary('equals', pass, reason))
    }
}
