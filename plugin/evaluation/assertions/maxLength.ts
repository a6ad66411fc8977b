import { z } from 'zod'
import { binary, type AssertionDefinition } from './types'

const maxLengthSchema = z
    .object({
        type: z.literal('max-length'),
        /** Characters (Unicode code points). */
        value: z.number({ required_error: 'max-length needs `value`: a number of characters' }).int().min(0)
    })
    .strict()

export type MaxLengthSpec = z.infer<typeof maxLengthSchema>

/** The output has at most `value` characters (code points, so an emoji counts once). */
export const maxLength: AssertionDefinition<MaxLengthSpec> = {
    type: 'max-length',
    summary: 'the output has at most `value` characters',
    schema: maxLengthSchema,
    async evaluate(spec, output) {
        const length = Array.from(output).length
        return binary('max-length', length <= spec.value, `the output has ${length} characters (at most ${spec.value})`)
    }
}
