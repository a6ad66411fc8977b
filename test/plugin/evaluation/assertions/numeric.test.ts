import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import seedrandom from 'seedrandom'
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

    // The rule written as the regular expression it replaces (quadratic on long inputs, so used
    // here on short ones only): the scanner must read every text the same way.
    const REFERENCE = /(?:(?<![\p{L}\p{N}])[-\u2212])?(?<![\d.])(?:(?:\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?/gu
    const reference = (text: string): number | undefined => {
        let last: string | undefined
        for (const match of text.matchAll(REFERENCE)) last = match[0]
        return last === undefined ? undefined : Number(last.replace(/,/g, '').replace('\u2212', '-'))
    }

    it('reads 20,000 random texts exactly as the reference expression does', () => {
        const random = seedrandom.alea('extractNumber')
        const alphabet = ['1', '2', '0', '9', ',', ',', '.', '-', '\u2212', 'e', 'E', '+', ' ', 'a', 'é', '٣', '𝟘']
        for (let n = 0; n < 20_000; n++) {
            const length = 1 + Math.floor(random() * 14)
            let text = ''
            for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
            assert.equal(extractNumber(text), reference(text), JSON.stringify(text))
        }
    })

    it('takes linear time on inputs that make the expression backtrack', () => {
        for (const text of ['1' + ',111'.repeat(50_000) + '1', '1,'.repeat(100_000), '-'.repeat(200_000) + '5', '.1'.repeat(100_000)]) {
            const started = performance.now()
            extractNumber(text)
            const ms = performance.now() - started
            assert.ok(ms < 200, `${text.length} characters took ${ms.toFixed(0)} ms`)
        }
    })
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
