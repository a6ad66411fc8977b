import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ASSERTIONS, parseAssertion } from '../../../../plugin/evaluation/assertions/registry'
import type { AssertionContext } from '../../../../plugin/evaluation/assertions/types'
import { parseSuite } from '../../../../plugin/evaluation/suite/parseSuite'
import { SuiteFormatError } from '../../../../plugin/evaluation/suite/SuiteFormatError'
import type { Judge } from '../../../../plugin/evaluation/types'

/** Valid specs and invalid ones (with the field the error must name) for every assertion type. */
const SAMPLES: Readonly<Record<string, { valid: readonly object[]; invalid: readonly { spec: object; field: string }[] }>> = {
    equals: {
        valid: [{ value: '42' }, { value: 'Paris', caseSensitive: false, not: true }],
        invalid: [
            { spec: {}, field: 'value' },
            { spec: { value: 42 }, field: 'value' },
            { spec: { value: 'x', caseSensitve: true }, field: 'caseSensitve' }
        ]
    },
    contains: {
        valid: [{ value: 'paris' }, { values: ['a', 'b'], mode: 'any', caseSensitive: true }, { value: 'x', not: true }],
        invalid: [
            { spec: {}, field: 'value' },
            { spec: { value: 'a', values: ['b'] }, field: 'value' },
            { spec: { values: ['a'], mode: 'some' }, field: 'mode' },
            { spec: { values: [] }, field: 'values' }
        ]
    },
    regex: {
        valid: [{ pattern: '^\\d+$' }, { pattern: 'yes', flags: 'i', not: true }],
        invalid: [
            { spec: { pattern: '(' }, field: 'pattern' },
            { spec: { pattern: 'a', flags: 'g' }, field: 'flags' },
            { spec: {}, field: 'pattern' }
        ]
    },
    'is-json': {
        valid: [{}, { schema: { type: 'object', required: ['a'] } }],
        invalid: [
            { spec: { schema: { type: 'not-a-type' } }, field: 'schema' },
            { spec: { schema: 'object' }, field: 'schema' }
        ]
    },
    'json-schema': {
        valid: [{ schema: { type: 'array', items: { type: 'number' } } }, { schema: { const: [1, 2] } }],
        invalid: [
            { spec: {}, field: 'schema' },
            { spec: { schema: { type: 'object', properties: { a: { minimum: 'x' } } } }, field: 'schema' }
        ]
    },
    numeric: {
        valid: [{ value: 42 }, { value: 1e6, tolerance: 5, relativeTolerance: 0.01 }, { value: -3.5 }],
        invalid: [
            { spec: {}, field: 'value' },
            { spec: { value: '42' }, field: 'value' },
            { spec: { value: 1, tolerance: -1 }, field: 'tolerance' },
            { spec: { value: 1, relativeTolerance: -0.1 }, field: 'relativeTolerance' }
        ]
    },
    'llm-rubric': {
        valid: [{ rubric: 'The answer is polite and names Paris.' }],
        invalid: [
            { spec: {}, field: 'rubric' },
            { spec: { rubric: '   ' }, field: 'rubric' },
            { spec: { rubric: 'x', model: 'gpt' }, field: 'model' }
        ]
    },
    javascript: {
        valid: [{ code: 'output.length > 0' }, { code: 'return { pass: true, score: 0.5, reason: "half" }', threshold: 0.5 }],
        invalid: [
            { spec: {}, field: 'code' },
            { spec: { code: '' }, field: 'code' },
            { spec: { code: 'true', timeoutMs: 0 }, field: 'timeoutMs' },
            { spec: { code: 'true', memoryBytes: 1024 }, field: 'memoryBytes' },
            { spec: { code: 'true', threshold: 2 }, field: 'threshold' },
            { spec: { code: 'true', weight: -1 }, field: 'weight' },
            { spec: { code: 'true', transform: 3 }, field: 'transform' }
        ]
    },
    similar: {
        valid: [{ value: 'Paris is the capital' }, { value: ['Paris', 'Lyon'], threshold: 0.9, not: true, weight: 2, metric: 'sim' }],
        invalid: [
            { spec: {}, field: 'value' },
            { spec: { value: 'x', threshold: 2 }, field: 'threshold' }
        ]
    },
    latency: {
        valid: [{ threshold: 500 }],
        invalid: [
            { spec: {}, field: 'threshold' },
            { spec: { threshold: -1 }, field: 'threshold' }
        ]
    },
    cost: {
        valid: [{ threshold: 0.01 }],
        invalid: [
            { spec: {}, field: 'threshold' },
            { spec: { threshold: '1' }, field: 'threshold' }
        ]
    },
    'not-empty': { valid: [{}, { not: true }], invalid: [{ spec: { value: 'x' }, field: 'value' }] },
    'min-length': {
        valid: [{ value: 3 }],
        invalid: [
            { spec: {}, field: 'value' },
            { spec: { value: 1.5 }, field: 'value' }
        ]
    },
    'max-length': { valid: [{ value: 100 }], invalid: [{ spec: { value: -1 }, field: 'value' }] },
    'starts-with': { valid: [{ value: 'Paris' }, { value: '{', not: true }], invalid: [{ spec: {}, field: 'value' }] },
    'contains-json': {
        valid: [{}, { schema: { type: 'object', required: ['a'] } }],
        invalid: [{ spec: { schema: { type: 'nope' } }, field: 'schema' }]
    },
    levenshtein: {
        valid: [{ value: 'Paris' }, { value: 'Paris', threshold: 1 }],
        invalid: [{ spec: { value: 'x', threshold: -2 }, field: 'threshold' }]
    },
    'is-valid-openai-tools-call': {
        valid: [
            {},
            { tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', required: ['city'] } } }] }
        ],
        invalid: [{ spec: { tools: 'x' }, field: 'tools' }]
    },
    factuality: { valid: [{ value: 'Paris is the capital of France' }], invalid: [{ spec: {}, field: 'value' }] },
    'model-graded-closedqa': { valid: [{ value: 'names a city' }], invalid: [{ spec: { value: '' }, field: 'value' }] }
}

const ODD_OUTPUTS: readonly (readonly [string, string])[] = [
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['1 MB', 'x'.repeat(1024 * 1024)],
    ['1 MB of emoji', '🎉'.repeat(256 * 1024)],
    ['unicode', 'Ñandú — 日本語 🎉 \u0000 \u202e reversed'],
    ['lone surrogate', 'a\ud800b'],
    ['JSON-looking', '{"a": 1, "b": [true, null]}'],
    ['broken JSON', '{"a": 1,'],
    ['fenced JSON', '```json\n{"a": 1}\n```'],
    ['number words', 'NaN Infinity -0 1e999'],
    ['code-like', "'); process.exit(1); ('"],
    ['HTML', '<script>alert(1)</script>']
]

// A judge standing in for the external model: deterministic, grades on length.
const judge: Judge = async ({ output }) => ({
    pass: output.trim().length > 0,
    score: output.trim().length > 0 ? 1 : 0,
    reason: 'graded on whether there is an answer'
})
// An embedder standing in for the proxy's embedding model: deterministic letter counts.
const embed = async (texts: readonly string[]) =>
    texts.map((t) => Array.from({ length: 26 }, (_, i) => t.toLowerCase().split(String.fromCharCode(97 + i)).length - 1))
const context: AssertionContext = {
    prompt: 'What is the capital of France?',
    vars: { city: 'Paris' },
    judge,
    embed,
    call: { latencyMs: 120, costUsd: 0.001 }
}

describe('assertion types (conformance)', () => {
    it('every registered type has conformance samples', () => {
        assert.deepEqual(ASSERTIONS.map((a) => a.type).sort(), Object.keys(SAMPLES).sort())
    })

    for (const definition of ASSERTIONS) {
        const samples = SAMPLES[definition.type]
        describe(definition.type, () => {
            it('parses its valid specs', () => {
                for (const spec of samples.valid) {
                    const parsed = parseAssertion({ type: definition.type, ...spec })
                    assert.ok(parsed.ok, `${JSON.stringify(spec)}: ${parsed.ok ? '' : parsed.issues.map((i) => i.message).join('; ')}`)
                }
            })

            it('scores in [0, 1] with a non-empty reason, deterministically, never throwing on odd outputs', async () => {
                for (const spec of samples.valid) {
                    const parsed = parseAssertion({ type: definition.type, ...spec })
                    assert.ok(parsed.ok)
                    for (const [name, output] of ODD_OUTPUTS) {
                        const first = await definition.evaluate(parsed.spec, output, context)
                        const second = await definition.evaluate(parsed.spec, output, context)
                        const label = `${JSON.stringify(spec)} on ${name}`
                        assert.equal(first.type, definition.type, label)
                        assert.ok(first.score >= 0 && first.score <= 1, `${label}: score ${first.score}`)
                        assert.equal(typeof first.pass, 'boolean', label)
                        assert.ok(first.reason.trim().length > 0, `${label}: empty reason`)
                        assert.ok(first.reason.length < 2_000, `${label}: the reason repeats the output (${first.reason.length} chars)`)
                        assert.deepEqual(second, first, `${label}: not deterministic`)
                    }
                }
            })

            it('rejects an invalid spec at parse time, naming the field', () => {
                for (const { spec, field } of samples.invalid) {
                    const parsed = parseAssertion({ type: definition.type, ...spec })
                    assert.equal(parsed.ok, false, `${JSON.stringify(spec)} was accepted`)
                    if (parsed.ok) continue
                    assert.ok(
                        parsed.issues.some((i) => i.path[0] === field || i.message.includes(field)),
                        `${JSON.stringify(spec)}: ${JSON.stringify(parsed.issues)} does not name ${field}`
                    )
                    const suite = JSON.stringify({
                        name: 's',
                        judge: { model: 'judge', temperature: 0 },
                        cases: [{ id: 'c1', category: 'reasoning', prompt: 'p', assert: [{ type: definition.type, ...spec }] }]
                    })
                    assert.throws(
                        () => parseSuite(suite, { fileName: 'conformance.json' }),
                        (error: unknown) =>
                            error instanceof SuiteFormatError &&
                            error.message.includes('conformance.json') &&
                            error.message.includes(`case "c1" (cases[0]) › assert[0] (${definition.type})`) &&
                            error.message.includes(field),
                        JSON.stringify(spec)
                    )
                }
            })
        })
    }
})
