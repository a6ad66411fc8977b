import { distance } from 'fastest-levenshtein'
import { z } from 'zod'
import { binary, excerpt, type AssertionDefinition } from './types'

/** Longest text compared (characters): the distance takes time proportional to the product of the lengths. */
const MAX_CHARS = 20_000

const levenshteinSchema = z
    .object({
        type: z.literal('levenshtein'),
        value: z.string({ required_error: 'levenshtein needs `value`: the expected text' }),
        /** Largest edit distance that passes (promptfoo's default 5). */
        threshold: z.number().int().min(0).default(5)
    })
    .strict()

export type LevenshteinSpec = z.infer<typeof levenshteinSchema>

/** The output is within `threshold` edits (insertions, deletions, substitutions) of `value`. */
export const levenshtein: AssertionDefinition<LevenshteinSpec> = {
    type: 'levenshtein',
    summary: 'the edit distance between the output and `value` is at most `threshold`',
    schema: levenshteinSchema,
    async evaluate(spec, output) {
        if (output.length > MAX_CHARS)
            return binary('levenshtein', false, `the output has ${output.length} characters; at most ${MAX_CHARS} are compared`)
        const d = distance(output, spec.value)
        return binary('levenshtein', d <= spec.threshold, `edit distance ${d} to ${excerpt(spec.value)} (threshold ${spec.threshold})`)
    }
}
