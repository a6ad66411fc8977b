import { z } from 'zod'
import { binary, excerpt, negateIf, type AssertionDefinition } from './types'

const startsWithSchema = z
    .object({
        type: z.literal('starts-with'),
        value: z.string({ required_error: 'starts-with needs `value`: the text the output begins with' }).min(1),
        not: z.boolean().optional()
    })
    .strict()

export type StartsWithSpec = z.infer<typeof startsWithSchema>

/** The output begins with `value`, case-sensitively and as written (promptfoo does not trim either). */
export const startsWith: AssertionDefinition<StartsWithSpec> = {
    type: 'starts-with',
    summary: 'the output begins with `value`',
    schema: startsWithSchema,
    async evaluate(spec, output) {
        const pass = output.startsWith(spec.value)
        return negateIf(
            spec.not,
            binary('starts-with', pass, `${excerpt(output)} ${pass ? 'begins' : 'does not begin'} with ${excerpt(spec.value)}`)
        )
    }
}
