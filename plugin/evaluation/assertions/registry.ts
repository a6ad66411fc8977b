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

/** A parsed, validated assertion of any type. */
export type AssertionSpec =
    EqualsSpec | ContainsSpec | RegexSpec | IsJsonSpec | JsonSchemaSpec | NumericSpec | LlmRubricSpec | JavascriptSpec

/** Every assertion type, in the order the documentation lists them. */
export const ASSERTIONS: readonly AssertionDefinition[] = [equals, contains, regex, isJson, jsonSchema, numeric, llmRubric, javascript]

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
    const parsed = (definition.schema as z.ZodType<AssertionSpec, z.ZodTypeDef, unknown>).safeParse(raw)
    if (parsed.success) return { ok: true, spec: parsed.data }
    const allowed = fieldsOf(definition.schema)
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: describeZodIssue(i, allowed) })) }
}

/** The field names of an object schema, looking through refinements. */
const fieldsOf = (schema: z.ZodTypeAny): string[] => {
    if (schema instanceof z.ZodEffects) return fieldsOf(schema.innerType())
    return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : []
}
