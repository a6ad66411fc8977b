import { z } from 'zod'
import { binary, excerpt, negateIf, type AssertionDefinition } from './types'

const containsSchema = z
    .object({
        type: z.literal('contains'),
        value: z.string().min(1, 'contains: `value` must not be empty').optional(),
        values: z.array(z.string().min(1, 'contains: every entry of `values` must be non-empty')).min(1).optional(),
        /** `all` (default): every value must occur; `any`: at least one. */
        mode: z.enum(['any', 'all']).default('all'),
        /** Case-insensitive by default: models capitalise freely. */
        caseSensitive: z.boolean().default(false),
        not: z.boolean().optional()
    })
    .strict()
    .refine((s) => (s.value === undefined) !== (s.values === undefined), {
        message: 'contains needs exactly one of `value` (a string) or `values` (a list of strings)',
        path: ['value']
    })

export type ContainsSpec = z.infer<typeof containsSchema>

/** The output contains `value`, or any/all of `values`; case-insensitive unless `caseSensitive: true`. */
export const contains: AssertionDefinition<ContainsSpec> = {
    type: 'contains',
    summary: 'the output contains `value`, or any/all of `values`',
    schema: containsSchema,
    async evaluate(spec, output) {
        const needles = spec.values ?? [spec.value!]
        const fold = (s: string) => (spec.caseSensitive ? s : s.toLowerCase())
        const haystack = fold(output)
        const found = needles.filter((n) => haystack.includes(fold(n)))
        const missing = needles.filter((n) => !found.includes(n))
        const pass = spec.mode === 'all' ? missing.length === 0 : found.length > 0
        const list = (items: readonly string[]) => items.map((i) => JSON.stringify(i)).join(', ')
        const reason =
            `${spec.mode} of [${list(needles)}]${spec.caseSensitive ? '' : ' (ignoring case)'}: ` +
            (found.length > 0 ? `found ${list(found)}` : 'found none') +
            (missing.length > 0 && found.length > 0 ? `; missing ${list(missing)}` : '') +
            ` in ${excerpt(output)}`
        return negateIf(spec.not, binary('contains', pass, reason))
    }
}
