import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_RESAMPLES, pairedBootstrap } from '../../../../plugin/evaluation/stats/pairedBootstrap'
import { InvalidStatisticsInputError } from '../../../../plugin/evaluation/stats/errors'

const drop = Array.from({ length: 20 }, (_, i) => -0.5 + (i % 5) * 0.02)

describe('pairedBootstrap', () => {
    it('gives p = 1 and a zero interval when nothing changed', () => {
        const result = pairedBootstrap(Array(30).fill(0))
        assert.deepEqual(result, { meanDifference: 0, low: 0, high: 0, p: 1, resamples: DEFAULT_RESAMPLES })
    })

    it('gives p < 0.01 and an interval below 0 for a consistent large drop', () => {
        const result = pairedBootstrap(drop)
        assert.ok(result.p < 0.01, `p = ${result.p}`)
        assert.ok(result.p > 0, 'a bootstrap p-value is never 0')
        assert.ok(result.high < 0 && result.low <= result.meanDifference && result.meanDifference <= result.high)
    })

    it('does not call a few flips among many unchanged cases significant', () => {
        const differences = [...Array(3).fill(-1), ...Array(27).fill(0)]
        const result = pairedBootstrap(differences)
        assert.ok(result.p > 0.05, `p = ${result.p}`)
        assert.ok(result.low < -0.1 && result.high > -0.1)
    })

    it('is reproducible with the same seed and varies with another', () => {
        const noisy = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 0.3 - 0.05)
        const a = pairedBootstrap(noisy, { seed: 'run-1' })
        assert.deepEqual(pairedBootstrap(noisy, { seed: 'run-1' }), a)
        const b = pairedBootstrap(noisy, { seed: 'run-2' })
        assert.notDeepEqual(b, a)
        assert.equal(b.meanDifference, a.meanDifference)
        assert.equal(pairedBootstrap(noisy, { resamples: 500 }).resamples, 500)
    })

    it('rejects empty or non-finite input and impossible resample counts', () => {
        assert.throws(() => pairedBootstrap([]), InvalidStatisticsInputError)
        assert.throws(() => pairedBootstrap([0.1, Number.NaN]), InvalidStatisticsInputError)
        assert.throws(() => pairedBootstrap([0.1], { resamples: 0 }), InvalidStatisticsInputError)
    })
})
