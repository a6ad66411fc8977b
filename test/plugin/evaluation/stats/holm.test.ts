import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidStatisticsInputError } from '../../../../plugin/evaluation/stats/errors'
import { holmAdjust } from '../../../../plugin/evaluation/stats/holm'

const close = (actual: number, expected: number, tolerance = 1e-9) =>
    assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`)

describe('holmAdjust', () => {
    it('matches a hand-worked example, in input order', () => {
        // sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06 (monotone)
        const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005])
        ;[0.03, 0.06, 0.06, 0.02].forEach((expected, i) => close(adjusted[i], expected))
    })

    it('caps at 1, keeps the order of the raw p-values, and leaves one p-value alone', () => {
        assert.deepEqual(holmAdjust([0.5, 0.9]), [1, 1])
        assert.deepEqual(holmAdjust([0.03]), [0.03])
        assert.deepEqual(holmAdjust([]), [])
        const raw = [0.001, 0.2, 0.012, 0.04, 0.013, 0.9]
        const adjusted = holmAdjust(raw)
        for (let i = 0; i < raw.length; i++) for (let j = 0; j < raw.length; j++) if (raw[i] < raw[j]) assert.ok(adjusted[i] <= adjusted[j])
        raw.forEach((p, i) => assert.ok(adjusted[i] >= p))
    })

    it('rejects values that are not probabilities', () => {
        assert.throws(() => holmAdjust([0.1, 1.5]), InvalidStatisticsInputError)
        assert.throws(() => holmAdjust([Number.NaN]), InvalidStatisticsInputError)
    })
})
