import assert from 'node:assert/strict'
import { assertionByType, parseAssertion } from '../../../../plugin/evaluation/assertions/registry'
import type { AssertionContext } from '../../../../plugin/evaluation/assertions/types'
import type { AssertionResult } from '../../../../plugin/evaluation/types'

/** Parses a raw spec as a suite file would and evaluates it on `output`. */
export const evaluate = async (
    raw: Record<string, unknown>,
    output: string,
    context: AssertionContext = { prompt: 'p' }
): Promise<AssertionResult> => {
    const parsed = parseAssertion(raw)
    assert.ok(parsed.ok, `invalid spec ${JSON.stringify(raw)}: ${parsed.ok ? '' : JSON.stringify(parsed.issues)}`)
    return assertionByType(parsed.spec.type)!.evaluate(parsed.spec, output, context)
}

/** The issues of a spec that must be rejected. */
export const rejection = (raw: Record<string, unknown>) => {
    const parsed = parseAssertion(raw)
    assert.equal(parsed.ok, false, `${JSON.stringify(raw)} was accepted`)
    return parsed.ok ? [] : parsed.issues
}
