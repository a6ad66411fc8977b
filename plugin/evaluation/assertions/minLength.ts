import { z } from 'zod'
import { binary, type AssertionDefinition } from './types'

const minLengthSchema = z
    .object({
        type: z.literal('min-length'),
        /** Characters (Unicode code points). */
        value: z.number({ required_error: 'min-length needs `value`: a number of characters' }).int().min(0)
    })
    .strict()

export type MinLengthSpec = z.infer<typeof minLengthSchema>

/** The output has at least `value` characters (code points, so an emoji counts once). */
export const minLength: AssertionDefinition<MinLengthSpec> = {
    type: 'min-length',
    summary: 'the output has at least `value` characters',
    schema: minLengthSchema,
    async evaluate(spec, output) {
        const length = Array.from(output).length
        return binary('min-length', length >= spec.value, `the output has ${length} characters (at least ${spec.value})`)
    }
}
