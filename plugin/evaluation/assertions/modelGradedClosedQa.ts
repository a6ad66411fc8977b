import { z } from 'zod'
import { judgedResult } from './judged'
import type { AssertionDefinition } from './types'

const closedQaSchema = z
    .object({
        type: z.literal('model-graded-closedqa'),
        value: z
            .string({ required_error: 'model-graded-closedqa needs `value`: the criterion the answer must meet' })
            .trim()
            .min(1, 'model-graded-closedqa: `value` must not be empty')
    })
    .strict()

export type ModelGradedClosedQaSpec = z.infer<typeof closedQaSchema>

/** promptfoo's `model-graded-closedqa` (OpenAI's closed-QA eval): the judge says whether the answer meets the criterion, yes or no. */
export const modelGradedClosedQa: AssertionDefinition<ModelGradedClosedQaSpec> = {
    type: 'model-graded-closedqa',
    summary: 'the judge says yes or no to whether the output meets the criterion `value`',
    schema: closedQaSchema,
    evaluate: (spec, output, context) =>
        judgedResult(
            'model-graded-closedqa',
            `Criterion: ${spec.value}\nDoes the answer meet the criterion? Pass only if it clearly does (a yes/no question: score 1 or 0).`,
            output,
            context
        )
}
