import { z } from 'zod'
import { describeZodIssue } from '../describeZodIssue'
import { contains, type ContainsSpec } from './contains'
import { equals, type EqualsSpec } from './equals'
import { isJson, type IsJsonSpec } from './isJson'
import { javascript, type JavascriptSpec } from './javascript'
import { jsonSchema, type JsonSchemaSpec } from './jsonSchema'
import { llmRubric, type LlmRubricSpec } from './llmRubric'
import { numeric, type NumericSpec } from './numeric'
import { regex, type RegexSpec } from './regex'
import type { AssertionDefinition } from './types'
import { containsJson, type ContainsJsonSpec } from './containsJson'
import { cost, type CostSpec } from './cost'
import { factuality, type FactualitySpec } from './factuality'
import { latency, type LatencySpec } from './latency'
import { levenshtein, type LevenshteinSpec } from './levenshtein'
import { maxLength, type MaxLengthSpec } from './maxLength'
import { minLength, type MinLengthSpec } from './minLength'
import { modelGradedClosedQa, type ModelGradedClosedQaSpec } from './modelGradedClosedQa'
import { notEmpty, type NotEmptySpec } from './notEmpty'
import { openAiToolsCall, type OpenAiToolsCallSpec } from './openaiToolsCall'
import { similar, type SimilarSpec } from './similar'
import { startsWith, type StartsWithSpec } from './startsWith'

/**
 * Fields every assertion may carry besides its own (promptfoo's): `weight` (its share of the
 * case's score; 0 records it without counting it), `metric` (a name its result is reported
 * under) and `transform` (sandboxed JavaScript applied to the output before this assertion).
 */
const commonSchema = z
    .object({
        weight: z.number({ invalid_type_error: '`weight` must be a number' }).min(0, '`weight` must be at least 0').optional(),
        metric: z.string({ invalid_type_error: '`metric` must be a string' }).trim().min(1).max(200).optional(),
        transform: z.string({ invalid_type_error: '`transform` must be JavaScript code (a string)' }).trim().min(1).optional()
    })
    .strict()
const COMMON_FIELDS = Object.keys(commonSchema.shape)

export type CommonAssertionFields = z.infer<typeof commonSchema>

/** A parsed, validated assertion of any type. */
export type AssertionSpec = CommonAssertionFields &
    (
        | EqualsSpec
        | ContainsSpec
        | RegexSpec
        | IsJsonSpec
        | JsonSchemaSpec
        | NumericSpec
        | LlmRubricSpec
        | JavascriptSpec
        | SimilarSpec
        | LatencySpec
        | CostSpec
        | NotEmptySpec
        | MinLengthSpec
        | MaxLengthSpec
        | StartsWithSpec
        | ContainsJsonSpec
        | LevenshteinSpec
        | OpenAiToolsCallSpec
        | FactualitySpec
        | ModelGradedClosedQaSpec
    )

/** Every assertion type, in the order the documentation lists them; each is one file behind {@link AssertionDefinition}. */
export const ASSERTIONS: readonly AssertionDefinition[] = [
    equals,
    contains,
    startsWith,
    regex,
    notEmpty,
    minLength,
    maxLength,
    levenshtein,
    isJson,
    jsonSchema,
    containsJson,
    openAiToolsCall,
    numeric,
    similar,
    latency,
    cost,
    llmRubric,
    factuality,
    modelGradedClosedQa,
    javascript
] as readonly AssertionDefinition[]

export const ASSERTION_TYPES: readonly string[] = ASSERTIONS.map((a) => a.type)

/** The definition of an assertion type, or undefined for an unknown type. */
export const assertionByType = (type: string): AssertionDefinition | undefined => ASSERTIONS.find((a) => a.type === type)

/** A problem with one assertion spec: `path` is relative to the spec (`['pattern']`). */
export interface AssertionIssue {
    readonly path: readonly (string | number)[]
    readonly message: string
}

export type ParsedAssertion =
    { readonly ok: true; readonly spec: AssertionSpec } | { readonly ok: false; readonly issues: readonly AssertionIssue[] }

/** Validates one raw assertion (from a suite file) with its type's schema. */
export const parseAssertion = (raw: unknown): ParsedAssertion => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        return {
            ok: false,
            issues: [{ path: [], message: `an assertion must be an object with a \`type\` (one of ${ASSERTION_TYPES.join(', ')})` }]
        }
    }
    const type = (raw as { type?: unknown }).type
    const definition = typeof type === 'string' ? assertionByType(type) : undefined
    if (!definition) {
        const said = type === undefined ? 'has no `type`' : `has unknown type ${JSON.stringify(type)}`
        return { ok: false, issues: [{ path: ['type'], message: `the assertion ${said}; use one of ${ASSERTION_TYPES.join(', ')}` }] }
    }
    const own: Record<string, unknown> = {}
    const shared: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(raw)) (COMMON_FIELDS.includes(key) ? shared : own)[key] = value
    const parsed = (definition.schema as z.ZodType<AssertionSpec, z.ZodTypeDef, unknown>).safeParse(own)
    const common = commonSchema.safeParse(shared)
    if (parsed.success && common.success) return { ok: true, spec: { ...parsed.data, ...common.data } }
    const allowed = [...fieldsOf(definition.schema), ...COMMON_FIELDS]
    const issues = [...(parsed.success ? [] : parsed.error.issues), ...(common.success ? [] : common.error.issues)]
    return { ok: false, issues: issues.map((i) => ({ path: i.path, message: describeZodIssue(i, allowed) })) }
}

/** The field names of an object schema, looking through refinements. */
const fieldsOf = (schema: z.ZodTypeAny): string[] => {
    if (schema instanceof z.ZodEffects) return fieldsOf(schema.innerType())
    return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : []
}
