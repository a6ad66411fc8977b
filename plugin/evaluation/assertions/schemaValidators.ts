import Ajv, { type ValidateFunction } from 'ajv'
import { canonicalJson } from '../canonicalJson'

const ajv = new Ajv({ allErrors: true, strict: false })
// Keyed by content, not object identity: the same schema parsed again (another run, a re-read
// suite) reuses its validator instead of compiling and registering it a second time.
const validators = new Map<string, ValidateFunction>()

/** The compiled validator of a JSON Schema (draft-07, Ajv 8), compiled once per distinct schema; throws when the schema is invalid. */
export const compileSchema = (schema: Record<string, unknown> | boolean): ValidateFunction => {
    const key = canonicalJson(schema)
    let validate = validators.get(key)
    if (!validate) {
        validate = ajv.compile(schema)
        validators.set(key, validate)
    }
    return validate
}

/** Ajv's errors as one line: `/age must be integer; (root) must have required property 'name'`. */
export const describeSchemaErrors = (validate: ValidateFunction): string =>
    (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ')
