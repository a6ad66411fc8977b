import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidStatisticsInputError } from '../../../../plugin/evaluation/stats/errors'
import { holmAdjust } from '../../../../plugin/evaluation/stats/holm'
import { mcnemarExactP } from '../../../../plugin/evaluation/stats/mcnemar'
import { percentile } from '../../../../plugin/evaluation/stats/percentile'

const close = (actual: number, expected: number, tolerance = 1e-9) =>
    assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`)

describe('mcnemarExactP', () => {
    it('is the two-sided binomial test on the discordant pairs', () => {
        close(mcnemarExactP(0, 10), 0.001953125) // 2 · 0.5^10
        close(mcnemarExactP(10, 0), 0.001953125)
        close(mcnemarExactP(1, 9), 0.021484375) // 2 · 11 / 1024
        close(mcnemarExactP(3, 0), 0.25)
        close(mcnemarExactP(0, 12), 2 / 4096)
    })

    it('is 1 without discordant pairs or with balanced ones, and never above 1', () => {
        assert.equal(mcnemarExactP(0, 0), 1)
        assert.equal(mcnemarExactP(5, 5), 1)
        assert.equal(mcnemarExactP(6, 5), 1)
    })

    it('stays accurate for many discordant pairs', () => {
        // 2 · P(X ≤ k) for X ~ Binomial(1000, ½), summed exactly with Python's fractions and math.comb
        close(mcnemarExactP(400, 600), 2.728464156066e-10, 1e-18)
        close(mcnemarExactP(480, 520), 0.217448293204, 1e-9)
    })

    it('rejects counts that are not whole and non-negative', () => {
        assert.throws(() => mcnemarExactP(-1, 3), InvalidStatisticsInputError)
        assert.throws(() => mcnemarExactP(1.5, 3), InvalidStatisticsInputError)
    })
})

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

describe('percentile', () => {
    it('interpolates linearly between order statistics (R type 7)', () => {
        const values = [100, 400, 200, 300, 1000]
        assert.equal(percentile(values, 0.5), 300)
        close(percentile(values, 0.95)!, 880) // sorted index 4 · 0.95 = 3.8: 400 + 0.8 · (1000 − 400)
        assert.equal(percentile(values, 0), 100)
        assert.equal(percentile(values, 1), 1000)
        assert.equal(percentile([], 0.5), undefined)
        assert.throws(() => percentile(values, 95), InvalidStatisticsInputError)
    })
})
