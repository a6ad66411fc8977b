import { z } from 'zod'
import { judgedResult } from './judged'
import type { AssertionDefinition } from './types'

const factualitySchema = z
    .object({
        type: z.literal('factuality'),
        value: z
            .string({ required_error: 'factuality needs `value`: the reference answer the output must agree with' })
            .trim()
            .min(1, 'factuality: `value` must not be empty')
    })
    .strict()

export type FactualitySpec = z.infer<typeof factualitySchema>

/**
 * promptfoo's `factuality`: the judge compares the output with a reference answer. As in
 * promptfoo's default, an answer that states the reference's facts, a subset or a superset of
 * them, or words them differently passes; one that contradicts them fails.
 */
export const factuality: AssertionDefinition<FactualitySpec> = {
    type: 'factuality',
    summary: 'the judge finds the output consistent with the reference `value` (no contradiction)',
    schema: factualitySchema,
    evaluate: (spec, output, context) =>
        judgedResult(
            'factuality',
            `Compare the answer's factual content with this expert reference answer:\n${spec.value}\n\n` +
                'Pass when the answer agrees with the reference: it states the same facts, a subset or a superset of them ' +
                'without contradiction, or differs only in wording. Fail when it contradicts the reference.',
            output,
            context
        )
}
