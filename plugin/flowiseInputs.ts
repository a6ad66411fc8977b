import { z } from 'zod'

/* How Flowise hands node inputs over: numbers as numbers or strings, lists as arrays or JSON text, blanks as '' or null. */

/** Flowise stores an unset input as '' or null. */
export const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value)

/** A number from a Flowise input, which arrives as a number, a numeric string or blank. */
export const optionalNumber = <T extends z.ZodTypeAny>(schema: T) =>
    z.preprocess((v) => {
        const blank = blankToUndefined(v)
        return typeof blank === 'string' ? Number(blank) : blank
    }, schema.optional())

/** A list from a Flowise multi-select, which arrives as an array, a JSON array string or a comma list. */
export const stringList = z.preprocess(
    (v) => {
        const blank = blankToUndefined(v)
        if (blank === undefined) return []
        if (Array.isArray(blank)) return blank
        if (typeof blank === 'string') {
            const text = blank.trim()
            if (text.startsWith('[')) {
                try {
                    return JSON.parse(text)
                } catch {
                    return text
                }
            }
            return text
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
        }
        return blank
    },
    z.array(z.string().min(1))
)

export const optionalBoolean = (fallback: boolean) =>
    z.preprocess((v) => {
        const blank = blankToUndefined(v)
        return blank === 'true' ? true : blank === 'false' ? false : blank
    }, z.boolean().default(fallback))

/** A node's inputs parsed with `schema`; otherwise an error naming the node and every invalid field. */
export const parseNodeInputs = <T extends z.ZodTypeAny>(nodeLabel: string, schema: T, inputs: unknown): z.infer<T> => {
    const parsed = schema.safeParse(inputs ?? {})
    if (!parsed.success) {
        throw new Error(`Invalid ${nodeLabel} settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    }
    return parsed.data
}
