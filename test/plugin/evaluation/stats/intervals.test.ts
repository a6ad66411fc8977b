import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import seedrandom from 'seedrandom'
import { normalQuantile, studentTQuantile } from '../../../../plugin/evaluation/stats/distributions'
import { InvalidStatisticsInputError } from '../../../../plugin/evaluation/stats/errors'
import { meanInterval, wilsonInterval } from '../../../../plugin/evaluation/stats/intervals'

const close = (actual: number, expected: number, tolerance: number, what: string) =>
    assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`)

describe('normal and Student t quantiles', () => {
    it('match published tables', () => {
        close(normalQuantile(0.975), 1.959964, 1e-6, 'z 0.975')
        close(normalQuantile(0.995), 2.575829, 1e-6, 'z 0.995')
        close(normalQuantile(0.05), -1.644854, 1e-6, 'z 0.05')
        for (const [df, t] of [
            [1, 12.706205],
            [2, 4.302653],
            [3, 3.182446],
            [4, 2.776445],
            [10, 2.228139],
            [30, 2.042272],
            [1000, 1.962339]
        ])
            close(studentTQuantile(0.975, df), t, 1e-6, `t 0.975 with ${df} df`)
        close(studentTQuantile(0.95, 5), 2.015048, 1e-6, 't 0.95 with 5 df')
    })

    it('rejects probabilities and degrees of freedom it cannot use', () => {
        assert.throws(() => normalQuantile(1), InvalidStatisticsInputError)
        assert.throws(() => studentTQuantile(0.975, 0), InvalidStatisticsInputError)
        assert.throws(() => studentTQuantile(0.975, 2.5), InvalidStatisticsInputError)
    })
})

describe('wilsonInterval', () => {
    it('gives the textbook interval for 8 of 10 and bounded intervals at 0 and n', () => {
        const e = wilsonInterval(8, 10)
        assert.equal(e.value, 0.8)
        assert.equal(e.n, 10)
        close(e.low, 0.4902, 5e-5, 'low')
        close(e.high, 0.9433, 5e-5, 'high')
        const none = wilsonInterval(0, 10)
        assert.equal(none.low, 0)
        close(none.high, 0.2775, 5e-5, '0 of 10 high')
        const all = wilsonInterval(10, 10)
        assert.equal(all.high, 1)
        close(all.low, 0.7225, 5e-5, '10 of 10 low')
    })

    it('says nothing is known for n = 0 and rejects impossible counts', () => {
        assert.deepEqual(wilsonInterval(0, 0), { value: 0, low: 0, high: 1, n: 0 })
        assert.throws(() => wilsonInterval(11, 10), InvalidStatisticsInputError)
        assert.throws(() => wilsonInterval(-1, 10), InvalidStatisticsInputError)
        assert.throws(() => wilsonInterval(1, 2.5), InvalidStatisticsInputError)
    })

    it('contains its estimate, and narrows as n grows at the same proportion', () => {
        const random = seedrandom.alea('wilson')
        for (let trial = 0; trial < 500; trial++) {
            const n = 1 + Math.floor(random() * 200)
            const successes = Math.floor(random() * (n + 1))
            const e = wilsonInterval(successes, n)
            assert.ok(e.low <= e.value && e.value <= e.high && e.low >= 0 && e.high <= 1, `${successes}/${n}: ${JSON.stringify(e)}`)
        }
        const widths = [10, 40, 160, 640].map((n) => {
            const e = wilsonInterval(0.7 * n, n)
            return e.high - e.low
        })
        for (let i = 1; i < widths.length; i++) assert.ok(widths[i] < widths[i - 1], `widths ${widths.join(', ')}`)
    })
})

describe('meanInterval', () => {
    it('is the Student t interval of the mean', () => {
        // mean 0.6, sd √0.1, t(0.975, 4) = 2.776445: half-width 2.776445 · √0.1 / √5 = 0.392649
        const e = meanInterval([0.2, 0.4, 0.6, 0.8, 1.0])
        close(e.value, 0.6, 1e-12, 'mean')
        close(e.low, 0.207351, 1e-6, 'low')
        close(e.high, 0.992649, 1e-6, 'high')
        assert.equal(e.n, 5)
    })

    it('clips to [0, 1], and does not claim certainty for one value or identical values', () => {
        const clipped = meanInterval([0, 0, 0.1, 0.9])
        assert.equal(clipped.low, 0)
        assert.deepEqual(meanInterval([0.7]), { value: 0.7, low: 0, high: 1, n: 1 })
        const perfect = meanInterval([1, 1, 1])
        assert.equal(perfect.value, 1)
        assert.equal(perfect.high, 1)
        close(perfect.low, 0.4385, 5e-5, 'three perfect cases, low')
        assert.ok(meanInterval(Array(30).fill(0)).high > 0)
        const equal = meanInterval(Array(3).fill(0.7)) // its deviation rounds to 1.4e-16, not 0
        assert.ok(equal.high - equal.low > 0.3, `three cases of 0.7: ${JSON.stringify(equal)}`)
    })

    it('contains its estimate, and narrows as n grows with the same spread', () => {
        const random = seedrandom.alea('mean')
        for (let trial = 0; trial < 300; trial++) {
            const values = Array.from({ length: 1 + Math.floor(random() * 60) }, () => (random() < 0.3 ? Math.round(random()) : random()))
            const e = meanInterval(values)
            assert.ok(e.low <= e.value && e.value <= e.high, JSON.stringify(e))
        }
        const pattern = [0.1, 0.5, 0.9, 1]
        const widths = [1, 4, 16].map((k) => {
            const e = meanInterval(Array.from({ length: k }, () => pattern).flat())
            return e.high - e.low
        })
        for (let i = 1; i < widths.length; i++) assert.ok(widths[i] < widths[i - 1], `widths ${widths.join(', ')}`)
    })

    it('rejects an empty sample and scores outside [0, 1]', () => {
        assert.throws(() => meanInterval([]), /at least one value/)
        assert.throws(() => meanInterval([0.5, 1.2]), InvalidStatisticsInputError)
    })
})
