import { z } from 'zod'
import { judgedResult } from './judged'
import type { AssertionDefinition } from './types'

const llmRubricSchema = z
    .object({
        type: z.literal('llm-rubric'),
        rubric: z
            .string({ required_error: 'llm-rubric needs `rubric`: what a good answer does' })
            .trim()
            .min(1, 'llm-rubric: `rubric` must not be empty'),
        /** When set, the judge's score must reach it (promptfoo's `threshold`), whatever its pass. */
        threshold: z.number().min(0).max(1).optional()
    })
    .strict()

export type LlmRubricSpec = z.infer<typeof llmRubricSchema>

/**
 * The suite's pinned judge grades the output against `rubric`; its verdict's pass and score
 * become the result. Without a judge, or when the judge fails or answers out of range, the
 * result fails with the reason (an ungraded answer must not count as a pass).
 */
export const llmRubric: AssertionDefinition<LlmRubricSpec> = {
    type: 'llm-rubric',
    summary: "the suite's judge model grades the output against `rubric`",
    schema: llmRubricSchema,
    evaluate: (spec, output, context) => judgedResult('llm-rubric', spec.rubric, output, context, spec.threshold)
}
