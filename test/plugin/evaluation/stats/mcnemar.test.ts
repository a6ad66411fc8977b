import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidStatisticsInputError } from '../../../../plugin/evaluation/stats/errors'
import { mcnemarExactP } from '../../../../plugin/evaluation/stats/mcnemar'

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
