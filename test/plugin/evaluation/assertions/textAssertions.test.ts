import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { evaluate, rejection } from './evaluate'

describe('equals', () => {
    it('compares trimmed text, case-sensitively by default', async () => {
        assert.equal((await evaluate({ type: 'equals', value: 'OK' }, '  OK\n')).pass, true)
        assert.equal((await evaluate({ type: 'equals', value: 'OK' }, 'ok')).pass, false)
        assert.equal((await evaluate({ type: 'equals', value: 'OK', caseSensitive: false }, 'ok')).pass, true)
        assert.equal((await evaluate({ type: 'equals', value: 'OK' }, 'OK.')).pass, false)
    })

    it('says what it expected and what it got', async () => {
        const result = await evaluate({ type: 'equals', value: 'Canberra' }, 'Sydney')
        assert.match(result.reason, /expected "Canberra", got "Sydney"/)
    })

    it('negates with not: true', async () => {
        const result = await evaluate({ type: 'equals', value: 'OK', not: true }, 'OK')
        assert.equal(result.pass, false)
        assert.equal(result.score, 0)
        assert.match(result.reason, /^negated/)
    })
})

describe('contains', () => {
    it('ignores case by default and respects caseSensitive: true', async () => {
        assert.equal((await evaluate({ type: 'contains', value: 'paris' }, 'It is PARIS.')).pass, true)
        assert.equal((await evaluate({ type: 'contains', value: 'paris', caseSensitive: true }, 'It is PARIS.')).pass, false)
    })

    it('needs all values by default, or any with mode: any', async () => {
        const all = await evaluate({ type: 'contains', values: ['red', 'blue'] }, 'red and green')
        assert.equal(all.pass, false)
        assert.match(all.reason, /found "red"; missing "blue"/)
        assert.equal((await evaluate({ type: 'contains', values: ['red', 'blue'], mode: 'any' }, 'red and green')).pass, true)
        assert.equal((await evaluate({ type: 'contains', values: ['red', 'blue'], mode: 'any' }, 'green')).pass, false)
    })

    it('negates with not: true (none may occur)', async () => {
        assert.equal((await evaluate({ type: 'contains', values: ['Sydney', 'Melbourne'], mode: 'any', not: true }, 'Canberra')).pass, true)
        assert.equal(
            (await evaluate({ type: 'contains', values: ['Sydney', 'Melbourne'], mode: 'any', not: true }, 'not Sydney')).pass,
            false
        )
    })

    it('requires exactly one of value and values', () => {
        assert.match(rejection({ type: 'contains' })[0].message, /exactly one of `value`.*or `values`/)
        assert.match(rejection({ type: 'contains', value: 'a', values: ['b'] })[0].message, /exactly one/)
    })
})

describe('regex', () => {
    it('matches with flags and reports the match', async () => {
        const result = await evaluate({ type: 'regex', pattern: '^\\W*friday\\W*$', flags: 'i' }, 'Friday.')
        assert.equal(result.pass, true)
        assert.match(result.reason, /matched "Friday\."/)
        assert.equal((await evaluate({ type: 'regex', pattern: '^\\W*friday\\W*$' }, 'Friday.')).pass, false)
    })

    it('rejects an invalid pattern and stateful flags when the suite is parsed', () => {
        const issues = rejection({ type: 'regex', pattern: '([a-z]' })
        assert.deepEqual(issues[0].path, ['pattern'])
        assert.match(issues[0].message, /invalid pattern/)
        assert.deepEqual(rejection({ type: 'regex', pattern: 'a', flags: 'gi' })[0].path, ['flags'])
    })

    it('matches catastrophic-backtracking patterns in linear time', async () => {
        for (const [pattern, output] of [
            ['^(a+)+$', `${'a'.repeat(30)}!`],
            ['(\\w+\\s?)*$', `${'word '.repeat(2_000)}!`],
            ['^(a|aa)+$', `${'a'.repeat(5_000)}b`]
        ]) {
            const started = performance.now()
            const result = await evaluate({ type: 'regex', pattern }, output)
            const ms = performance.now() - started
            assert.equal(typeof result.pass, 'boolean')
            assert.ok(ms < 200, `/${pattern}/ took ${Math.round(ms)} ms on ${output.length} characters`)
        }
    })

    it('rejects backreferences and lookaround (unsupported by the linear-time engine) when the suite is parsed', () => {
        for (const pattern of ['(a)\\1', 'a(?=b)', '(?<!x)y']) {
            const issues = rejection({ type: 'regex', pattern })
            assert.deepEqual(issues[0].path, ['pattern'])
            assert.match(issues[0].message, /invalid pattern.*RE2.*no backreferences or lookaround/)
        }
        assert.match(rejection({ type: 'regex', pattern: 'a'.repeat(5_000) })[0].message, /at most 4096/)
    })

    it('gives the same answer on every call (no lastIndex state)', async () => {
        const spec = { type: 'regex', pattern: 'a', flags: 'i' }
        for (let i = 0; i < 3; i++) assert.equal((await evaluate(spec, 'A')).pass, true)
    })
})
