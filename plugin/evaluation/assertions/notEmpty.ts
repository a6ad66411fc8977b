import { z } from 'zod'
import { binary, negateIf, type AssertionDefinition } from './types'

const notEmptySchema = z.object({ type: z.literal('not-empty'), not: z.boolean().optional() }).strict()

export type NotEmptySpec = z.infer<typeof notEmptySchema>

/** The output has something besides white space. */
export const notEmpty: AssertionDefinition<NotEmptySpec> = {
    type: 'not-empty',
    summary: 'the output is not empty (white space does not count)',
    schema: notEmptySchema,
    async evaluate(spec, output) {
        const pass = output.trim() !== ''
        return negateIf(spec.not, binary('not-empty', pass, pass ? `the output has ${output.length} characters` : 'the output is empty'))
    }
}
