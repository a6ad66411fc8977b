import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { extractJson } from '../../../../plugin/evaluation/assertions/extractJson'
import { compileSchema } from '../../../../plugin/evaluation/assertions/schemaValidators'
import { evaluate, rejection } from './evaluate'

describe('extractJson (the rule for "the answer is JSON")', () => {
    it('takes the whole answer when it parses, whatever the JSON value', () => {
        assert.deepEqual(extractJson(' {"a": 1}\n'), { ok: true, value: { a: 1 }, from: 'answer' })
        assert.deepEqual(extractJson('[1, 2]'), { ok: true, value: [1, 2], from: 'answer' })
        assert.deepEqual(extractJson('42'), { ok: true, value: 42, from: 'answer' })
    })

    it('otherwise takes the first fenced block, with or without a language tag', () => {
        assert.deepEqual(extractJson('Here it is:\n```json\n{"a": 1}\n```\nDone.'), { ok: true, value: { a: 1 }, from: 'fence' })
        assert.deepEqual(extractJson('```\n[true]\n```'), { ok: true, value: [true], from: 'fence' })
        assert.deepEqual(extractJson('```JSON\r\n{"b": 2}\r\n```'), { ok: true, value: { b: 2 }, from: 'fence' })
    })

    it('does not dig JSON out of prose', () => {
        const result = extractJson('The object is {"a": 1}.')
        assert.equal(result.ok, false)
        assert.match(result.ok ? '' : result.reason, /not JSON .* no fenced code block/)
        assert.equal(extractJson('').ok, false)
        assert.equal(extractJson('```json\n{"a": \n```').ok, false)
    })
})

describe('is-json and json-schema', () => {
    it('is-json passes JSON and fails other text, with the parser error', async () => {
        assert.equal((await evaluate({ type: 'is-json' }, '{"a": 1}')).pass, true)
        const failed = await evaluate({ type: 'is-json' }, '{a: 1}')
        assert.equal(failed.pass, false)
        assert.match(failed.reason, /not JSON/)
    })

    it('is-json with a schema, and json-schema, report the failing paths', async () => {
        const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['name', 'age'] }
        assert.equal((await evaluate({ type: 'is-json', schema }, '{"name": "Ada", "age": 36}')).pass, true)
        const failed = await evaluate({ type: 'json-schema', schema }, '```json\n{"age": "36"}\n```')
        assert.equal(failed.pass, false)
        assert.match(failed.reason, /the fenced JSON does not match the schema: .*\/age must be integer/)
        assert.match(failed.reason, /must have required property 'name'/)
    })

    it('rejects an invalid schema when the suite is parsed', () => {
        const issues = rejection({ type: 'json-schema', schema: { type: 'integer', minimum: 'zero' } })
        assert.deepEqual(issues[0].path, ['schema'])
        assert.match(issues[0].message, /invalid JSON Schema/)
    })

    it('compiles each distinct schema once', () => {
        const a = compileSchema({ type: 'array', items: { type: 'string' } })
        const b = compileSchema({ items: { type: 'string' }, type: 'array' })
        assert.equal(a, b)
        assert.notEqual(a, compileSchema({ type: 'array' }))
    })
})
