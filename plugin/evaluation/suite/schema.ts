import { z } from 'zod'
import { EVALUATION_CATEGORIES, UNCATEGORISED } from '../types'

/**
 * The suite file format (YAML or JSON):
 *
 * ```yaml
 * name: my-suite                 # required
 * description: …                 # optional
 * judge: {model: gpt-4o-mini, temperature: 0}   # required when a case uses llm-rubric
 * defaults: {repeats: 1, maxTokens: 512}        # optional, per-case values override
 * cases:
 *   - id: bat-ball               # unique; letters, digits, . _ : -
 *     category: reasoning        # reasoning | coding | instruction-following | factuality | extraction | uncategorised (default: defaults.category, else uncategorised)
 *     prompt: "…"                # either prompt (one user message) …
 *     messages: [{role: user, content: "…"}]   # … or messages (system | user | assistant)
 *     system: "…"                # optional system message, put first
 *     repeats: 3                 # optional, ≥ 1
 *     maxTokens: 256             # optional, ≥ 1
 *     reference: "5"             # optional hand-checked answer; must pass the assertions
 *     assert:                    # at least one; see assertions/registry.ts for the types
 *       - {type: numeric, value: 5}
 * ```
 *
 * Unknown fields are errors, not ignored: a typo such as `asert` would otherwise drop checks.
 */
const positiveInt = (field: string, max: number) =>
    z
        .number({ invalid_type_error: `\`${field}\` must be a whole number` })
        .int(`\`${field}\` must be a whole number`)
        .min(1, `\`${field}\` must be at least 1`)
        .max(max, `\`${field}\` is at most ${max}`)

const repeats = positiveInt('repeats', 100)

/** Most cases in one suite. */
export const MAX_SUITE_CASES = 2_000
/** Most answers one model gives in one run of a suite (its cases × their repeats). */
export const MAX_CALLS_PER_MODEL = 10_000
const maxTokens = positiveInt('maxTokens', 1_000_000)

export const judgeSchema = z
    .object({
        model: z.string({ required_error: 'judge needs `model`: a model name of the LiteLLM proxy' }).trim().min(1),
        temperature: z.number({ required_error: 'judge needs `temperature` (pinned, e.g. 0)' }).min(0).max(2)
    })
    .strict()

const categorySchema = z.enum([...EVALUATION_CATEGORIES, UNCATEGORISED], {
    errorMap: () => ({ message: `\`category\` must be one of ${[...EVALUATION_CATEGORIES, UNCATEGORISED].join(', ')}` })
})

const messageSchema = z
    .object({
        role: z.enum(['system', 'user', 'assistant'], { errorMap: () => ({ message: '`role` must be system, user or assistant' }) }),
        content: z.string({ required_error: 'a message needs `content` (a string)' })
    })
    .strict()

export const caseSchema = z
    .object({
        id: z
            .string({ required_error: 'a case needs an `id` (unique in the suite)', invalid_type_error: '`id` must be a string' })
            .regex(
                /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
                '`id` may contain letters, digits, ".", "_", ":" and "-", and starts with a letter or digit'
            ),
        /** Defaults to the suite's `defaults.category`, else `uncategorised` (counted in the overall figures only). */
        category: categorySchema.optional(),
        prompt: z.string().trim().min(1, '`prompt` must not be empty').optional(),
        messages: z.array(messageSchema).min(1, '`messages` must not be empty').optional(),
        system: z.string().trim().min(1, '`system` must not be empty').optional(),
        repeats: repeats.optional(),
        maxTokens: maxTokens.optional(),
        reference: z.string().optional(),
        vars: z.record(z.unknown()).optional(),
        /** The case passes when its weighted score reaches this, whatever single assertions say (promptfoo's test `threshold`). */
        threshold: z.number().min(0).max(1).optional(),
        /** JavaScript (sandboxed) applied to the answer before every assertion (promptfoo's `options.transform`). */
        transform: z.string().trim().min(1).optional(),
        // Validated one by one by the assertion registry, for messages that name the assertion.
        // Empty records the answers (latency, cost) without grading them.
        assert: z.array(z.unknown(), { required_error: 'a case needs `assert`: a list of assertions (empty to record answers only)' })
    })
    .strict()
    .superRefine((c, ctx) => {
        if ((c.prompt === undefined) === (c.messages === undefined)) {
            ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['prompt'],
                message: 'a case needs exactly one of `prompt` (a string) or `messages` (a list)'
            })
        }
        if (c.messages && !c.messages.some((m) => m.role === 'user')) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['messages'], message: '`messages` needs at least one user message' })
        }
        if (c.system !== undefined && c.messages?.some((m) => m.role === 'system')) {
            ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['system'],
                message: 'use either `system` or a system message in `messages`, not both'
            })
        }
    })

export type CaseInput = z.infer<typeof caseSchema>

export const suiteSchema = z
    .object({
        name: z.string({ required_error: 'the suite needs a `name`' }).trim().min(1, '`name` must not be empty'),
        description: z.string().optional(),
        judge: judgeSchema.optional(),
        /** The proxy model that embeds texts for `similar` assertions. */
        embeddingModel: z.string().trim().min(1).optional(),
        defaults: z
            .object({ repeats: repeats.optional(), maxTokens: maxTokens.optional(), category: categorySchema.optional() })
            .strict()
            .optional(),
        cases: z
            .array(z.unknown(), { required_error: 'the suite needs `cases`: a list of cases' })
            .min(1, '`cases` needs at least one case')
            .max(MAX_SUITE_CASES, `\`cases\` has at most ${MAX_SUITE_CASES} cases; split the suite`)
    })
    .strict()

/** The fields allowed at each level, for "unknown field" messages. */
export const fieldsAt = (path: readonly (string | number)[]): readonly string[] => {
    const keys = (schema: z.ZodTypeAny): string[] => {
        if (schema instanceof z.ZodEffects) return keys(schema.innerType())
        if (schema instanceof z.ZodOptional) return keys(schema.unwrap())
        return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : []
    }
    if (path.length === 0) return keys(suiteSchema)
    if (path[0] === 'judge') return keys(judgeSchema)
    if (path[0] === 'defaults') return keys(suiteSchema.shape.defaults)
    if (path[0] === 'cases' && path.length === 2) return keys(caseSchema)
    if (path[0] === 'cases' && path[2] === 'messages') return keys(messageSchema)
    return []
}
