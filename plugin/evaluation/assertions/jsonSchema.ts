import { z } from 'zod'
import type { AssertionResult } from '../types'
import { extractJson } from './extractJson'
import { compileSchema, describeSchemaErrors } from './schemaValidators'
import { binary, type AssertionDefinition } from './types'

/** A JSON Schema that Ajv 8 compiles; a schema it rejects is reported at parse time on `field`. */
export const compilableSchema = (field: string) =>
    z
        .union([z.record(z.unknown()), z.boolean()], {
            errorMap: () => ({ message: `\`${field}\` must be a JSON Schema (an object, or true/false)` })
        })
        .superRefine((schema, ctx) => {
            try {
                compileSchema(schema)
            } catch (error) {
                ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid JSON Schema: ${(error as Error).message}` })
            }
        })

const jsonSchemaSchema = z.object({ type: z.literal('json-schema'), schema: compilableSchema('schema') }).strict()

export type JsonSchemaSpec = z.infer<typeof jsonSchemaSchema>

/** Grades the answer's JSON (see {@link extractJson}) against a schema; shared by `is-json`. */
export const checkJson = (type: string, output: string, schema: Record<string, unknown> | boolean | undefined): AssertionResult => {
    const json = extractJson(output)
    if (!json.ok) return binary(type, false, json.reason)
    const where = json.from === 'fence' ? 'the fenced JSON' : 'the JSON answer'
    if (schema === undefined) return binary(type, true, `${where} parses`)
    const validate = compileSchema(schema)
    return validate(json.value)
        ? binary(type, true, `${where} matches the schema`)
        : binary(type, false, `${where} does not match the schema: ${describeSchemaErrors(validate)}`)
}

/** The answer is JSON (see {@link extractJson}) valid against `schema` (JSON Schema draft-07, Ajv 8). */
export const jsonSchema: AssertionDefinition<JsonSchemaSpec> = {
    type: 'json-schema',
    summary: 'the answer is JSON valid against `schema`',
    schema: jsonSchemaSchema,
    async evaluate(spec, output) {
        return checkJson('json-schema', output, spec.schema)
    }
}
