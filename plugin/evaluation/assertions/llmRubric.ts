import { z } from 'zod'
import type { AssertionResult } from '../types'
import type { AssertionDefinition } from './types'

const llmRubricSchema = z
    .object({
        type: z.literal('llm-rubric'),
        rubric: z
            .string({ required_error: 'llm-rubric needs `rubric`: what a good answer does' })
            .trim()
            .min(1, 'llm-rubric: `rubric` must not be empty')
    })
    .strict()

export type LlmRubricSpec = z.infer<typeof llmRubricSchema>

const failed = (reason: string): AssertionResult => ({ type: 'llm-rubric', pass: false, score: 0, reason })

/**
 * The suite's pinned judge grades the output against `rubric`; its verdict's pass and score
 * become the result. Without a judge, or when the judge fails or answers out of range, the
 * result fails with the reason (an ungraded answer must not count as a pass).
 */
export const llmRubric: AssertionDefinition<LlmRubricSpec> = {
    type: 'llm-rubric',
    summary: "the suite's judge model grades the output against `rubric`",
    schema: llmRubricSchema,
    async evaluate(spec, output, context) {
        if (!context.judge) return failed('no judge: a suite with llm-rubric assertions needs `judge: {model, temperature}`')
        let verdict
        try {
            verdict = await context.judge({ rubric: spec.rubric, output, prompt: context.prompt })
        } catch (error) {
            return failed(`the judge failed: ${error instanceof Error ? error.message : String(error)}`)
        }
        const { pass, score, reason } = verdict ?? {}
        if (typeof pass !== 'boolean' || typeof score !== 'number' || !(score >= 0 && score <= 1)) {
            return failed(
                `the judge's verdict is malformed (pass ${String(pass)}, score ${String(score)}); expected a boolean and a score in [0, 1]`
            )
        }
        const said = typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : 'the judge gave no reason'
        return { type: 'llm-rubric', pass, score, reason: `judge: ${said}` }
    }
}
