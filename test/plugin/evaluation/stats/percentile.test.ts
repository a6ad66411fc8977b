import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidStatisticsInputError } from '../../../../plugin/evaluation/stats/errors'
import { percentile } from '../../../../plugin/evaluation/stats/percentile'

const close = (actual: number, expected: number, tolerance = 1e-9) =>
    assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`)

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
