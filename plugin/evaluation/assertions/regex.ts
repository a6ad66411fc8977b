import { z } from 'zod'
import { binary, excerpt, negateIf, type AssertionDefinition } from './types'

const regexSchema = z
    .object({
        type: z.literal('regex'),
        pattern: z.string().min(1, 'regex: `pattern` must not be empty'),
        /** JavaScript RegExp flags, e.g. `i` or `ms`. `g` and `y` are refused: they make `test` stateful. */
        flags: z
            .string()
            .regex(/^[imsu]*$/, 'regex: `flags` may only contain i, m, s and u (g and y would make matching stateful)')
            .default(''),
        not: z.boolean().optional()
    })
    .strict()
    .superRefine((spec, ctx) => {
        try {
            new RegExp(spec.pattern, spec.flags)
        } catch (error) {
            ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['pattern'],
                message: `regex: invalid pattern (${(error as Error).message}); remember that YAML double quotes need \\\\ for a backslash`
            })
        }
    })

export type RegexSpec = z.infer<typeof regexSchema>

/** The output matches the JavaScript regular expression `pattern` with `flags`. */
export const regex: AssertionDefinition<RegexSpec> = {
    type: 'regex',
    summary: 'the output matches `pattern` (JavaScript syntax, with `flags`)',
    schema: regexSchema,
    async evaluate(spec, output) {
        const match = new RegExp(spec.pattern, spec.flags).exec(output)
        const shown = `/${spec.pattern}/${spec.flags}`
        const reason = match ? `${shown} matched ${excerpt(match[0])}` : `${shown} does not match ${excerpt(output)}`
        return negateIf(spec.not, binary('regex', match !== null, reason))
    }
}
