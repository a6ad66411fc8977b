import { z } from 'zod'
import { checkJson, compilableSchema } from './jsonSchema'
import type { AssertionDefinition } from './types'

const isJsonSchema = z.object({ type: z.literal('is-json'), schema: compilableSchema('schema').optional() }).strict()

export type IsJsonSpec = z.infer<typeof isJsonSchema>

/** The answer is JSON (the whole answer, or its first fenced block), optionally valid against `schema`. */
export const isJson: AssertionDefinition<IsJsonSpec> = {
    type: 'is-json',
    summary: 'the answer is JSON (whole, or in its first ``` fence), optionally matching `schema`',
    schema: isJsonSchema,
    async evaluate(spec, output) {
        return checkJson('is-json', output, spec.schema)
    }
}
