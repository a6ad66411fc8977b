import { z } from 'zod'
import { constraintsSchema } from '../constraints/optimizeConstraints'
import { DEFAULT_SECURITY_LEVEL, securityLevelSchema } from '../security/securityLevel'
import { REQUESTED_CAPABILITIES } from './spec'

/** Longest request in words (characters): a paragraph or two; longer text is material, given in `context`. */
export const MAX_QUERY_CHARS = 4_000
/** Longest source text a retrieval flow may be given inline (characters). */
export const MAX_SOURCE_TEXT_CHARS = 200_000

/** Control characters other than tab, newline and carriage return: binary data, not words. */
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/

/**
 * The orchestrator's request, the one definition for the REST route and the Flow Generator
 * tool: a bounded, non-binary query; the optimizer's constraints plus `requireLocal`, the
 * shared security level and capabilities to demand; the material a flow reads; save and name.
 */
export const orchestrateBodySchema = z
    .object({
        query: z
            .string({ required_error: 'query is required: describe the flow you need', invalid_type_error: 'query must be text' })
            .transform((q) => q.trim())
            .pipe(
                z
                    .string()
                    .min(1, 'query is empty: describe the flow you need')
                    .max(
                        MAX_QUERY_CHARS,
                        `query is over ${MAX_QUERY_CHARS} characters: describe the flow in fewer words and give documents in context.sourceText`
                    )
                    .refine((q) => !BINARY.test(q), 'query contains binary data (control characters): send the description as text')
            ),
        type: z.enum(['chatflow', 'agentflow', 'auto']).default('auto'),
        constraints: constraintsSchema
            .omit({ redisCredentialId: true })
            .extend({
                requireLocal: z.boolean().optional(),
                securityLevel: securityLevelSchema.default(DEFAULT_SECURITY_LEVEL),
                capabilities: z.array(z.enum(REQUESTED_CAPABILITIES)).max(REQUESTED_CAPABILITIES.length).optional()
            })
            .strict()
            .default({}),
        context: z
            .object({
                sourceText: z.string().max(MAX_SOURCE_TEXT_CHARS).optional(),
                sourceUrl: z
                    .string()
                    .url()
                    .max(2_000)
                    .refine((u) => /^https?:\/\//i.test(u), 'sourceUrl must be an http(s) URL')
                    .optional(),
                documentStoreId: z.string().min(1).max(100).optional(),
                embeddingModel: z.string().min(1).max(200).optional()
            })
            .strict()
            .default({}),
        save: z.boolean().optional(),
        name: z.string().min(1).max(200).optional()
    })
    .strict()

export type OrchestrateBody = z.infer<typeof orchestrateBodySchema>
