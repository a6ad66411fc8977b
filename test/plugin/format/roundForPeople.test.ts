import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatUsd, roundMs, roundUsd } from '../../../plugin/format/roundForPeople'

describe('roundForPeople', () => {
    it('rounds durations to whole ms from 100 ms up, to 0.1 ms below', () => {
        assert.deepEqual([385.2377049999777, 99.94, 12.3456, 0.04, 100.5, -150.4].map(roundMs), [385, 99.9, 12.3, 0, 101, -150])
    })

    it('rounds USD to three significant digits and writes it without exponents', () => {
        assert.equal(roundUsd(5.6999999999999996e-5), 0.000057)
        assert.equal(roundUsd(1.2345678), 1.23)
        assert.equal(roundUsd(0), 0)
        assert.deepEqual([5.6999999999999996e-5, 0.005, 1.5, 12.345, 1e-9, 0].map(formatUsd), [
            '$0.000057',
            '$0.005',
            '$1.5',
            '$12.3',
            '$0.000000001',
            '$0'
        ])
    })

    it('leaves what is not a finite number as it is', () => {
        assert.ok(Number.isNaN(roundMs(NaN)))
        assert.equal(roundUsd(Infinity), Infinity)
    })
})
