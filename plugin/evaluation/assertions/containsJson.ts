import { z } from 'zod'
import { compilableSchema } from './jsonSchema'
import { compileSchema, describeSchemaErrors } from './schemaValidators'
import { binary, negateIf, type AssertionDefinition } from './types'

const containsJsonSchema = z
    .object({ type: z.literal('contains-json'), schema: compilableSchema('schema').optional(), not: z.boolean().optional() })
    .strict()

export type ContainsJsonSpec = z.infer<typeof containsJsonSchema>

/** Longest output scanned (characters): each `{` or `[` may start a candidate. */
const MAX_CHARS = 200_000
/** Most candidates tried, so that a text of brackets stays linear enough. */
const MAX_CANDIDATES = 200

/**
 * The JSON objects and arrays embedded in a text, in order: from each `{` or `[`, the shortest
 * balanced span (strings and escapes respected) that parses.
 */
export const embeddedJson = (text: string): unknown[] => {
    const found: unknown[] = []
    let tried = 0
    for (let start = 0; start < text.length && tried < MAX_CANDIDATES; start++) {
        const c = text[start]
        if (c !== '{' && c !== '[') continue
        tried++
        const end = balancedEnd(text, start)
        if (end < 0) continue
        try {
            found.push(JSON.parse(text.slice(start, end + 1)))
            start = end
        } catch {
            // Not JSON (prose in braces): the next bracket may start some.
        }
    }
    return found
}

const balancedEnd = (text: string, start: number): number => {
    let depth = 0
    let inString = false
    for (let i = start; i < text.length; i++) {
        const c = text[i]
        if (inString) {
            if (c === '\\') i++
            else if (c === '"') inString = false
        } else if (c === '"') inString = true
        else if (c === '{' || c === '[') depth++
        else if (c === '}' || c === ']') {
            depth--
            if (depth === 0) return i
        }
    }
    return -1
}

/** The output contains a JSON object or array somewhere (prose around it allowed), optionally one valid against `schema`. */
export const containsJson: AssertionDefinition<ContainsJsonSpec> = {
    type: 'contains-json',
    summary: 'the output contains JSON (anywhere), optionally matching `schema`',
    schema: containsJsonSchema,
    async evaluate(spec, output) {
        const values = embeddedJson(output.slice(0, MAX_CHARS))
        if (values.length === 0) return negateIf(spec.not, binary('contains-json', false, 'the output contains no JSON object or array'))
        if (spec.schema === undefined)
            return negateIf(spec.not, binary('contains-json', true, `the output contains ${values.length} JSON value(s)`))
        const validate = compileSchema(spec.schema)
        const pass = values.some((v) => validate(v))
        return negateIf(
            spec.not,
            binary(
                'contains-json',
                pass,
                pass
                    ? 'a JSON value in the output matches the schema'
                    : `no JSON value in the output matches the schema: ${describeSchemaErrors(validate)}`
            )
        )
    }
}
