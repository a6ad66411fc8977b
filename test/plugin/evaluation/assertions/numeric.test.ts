import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { extractNumber } from '../../../../plugin/evaluation/assertions/extractNumber'
import { evaluate, rejection } from './evaluate'

describe('extractNumber (the last number in the answer)', () => {
    const cases: readonly (readonly [string, number | undefined])[] = [
        ['42', 42],
        ['12 × 3 = 36, so the answer is 36.', 36],
        ['Total: $1,296.50', 1296.5],
        ['$1,000,000', 1_000_000],
        ['-5', -5],
        ['x = −3.5', -3.5],
        ['the range 2-3', 3],
        ['COVID-19', 19],
        ['3,4', 4],
        ['.5', 0.5],
        ['Avogadro: 6.02e23', 6.02e23],
        ['50%', 50],
        ['7.5°', 7.5],
        ['1,234, then 7', 7],
        ['no digits here', undefined],
        ['', undefined]
    ]
    for (const [text, expected] of cases) {
        it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(extractNumber(text), expected))
    }
})

describe('numeric', () => {
    it('compares exactly without a tolerance', async () => {
        assert.equal((await evaluate({ type: 'numeric', value: 5 }, 'The ball costs 5 cents.')).pass, true)
        assert.equal((await evaluate({ type: 'numeric', value: 5 }, '5.01')).pass, false)
        assert.equal((await evaluate({ type: 'numeric', value: 0.3 }, '0.3')).pass, true)
    })

    it('accepts |answer − value| ≤ max(tolerance, relativeTolerance × |value|)', async () => {
        assert.equal((await evaluate({ type: 'numeric', value: 100, tolerance: 0.1 }, '99.95')).pass, true)
        assert.equal((await evaluate({ type: 'numeric', value: 100, tolerance: 0.1 }, '99.8')).pass, false)
        assert.equal((await evaluate({ type: 'numeric', value: 200, relativeTolerance: 0.01 }, '198')).pass, true)
        assert.equal((await evaluate({ type: 'numeric', value: 200, relativeTolerance: 0.01 }, '197.9')).pass, false)
        assert.equal((await evaluate({ type: 'numeric', value: 200, tolerance: 5, relativeTolerance: 0.01 }, '196')).pass, true)
        assert.equal((await evaluate({ type: 'numeric', value: -10, relativeTolerance: 0.1 }, '-9')).pass, true)
    })

    it('explains a failure with the number it read', async () => {
        const result = await evaluate({ type: 'numeric', value: 47 }, 'It takes 24 days.')
        assert.match(result.reason, /answer 24 is not equal to 47 \(difference 23\)/)
        assert.match((await evaluate({ type: 'numeric', value: 1 }, 'none')).reason, /has no number/)
    })

    it('rejects a non-numeric value or a negative tolerance', () => {
        assert.deepEqual(rejection({ type: 'numeric', value: '5' })[0].path, ['value'])
        assert.deepEqual(rejection({ type: 'numeric', value: 5, tolerance: -1 })[0].path, ['tolerance'])
    })
})
