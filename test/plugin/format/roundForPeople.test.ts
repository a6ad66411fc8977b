import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatUsd, roundMs, roundReportForPeople, roundUsd } from '../../../plugin/format/roundForPeople'

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

describe('roundReportForPeople', () => {
    it('rounds each figure by the unit its name gives, nested objects and arrays included', () => {
        const report = {
            model: 'alpha',
            quality: { overall: { value: 0.8333333333333334, low: 0.61234567, high: 1, n: 12 } },
            performance: { p50LatencyMs: 385.2377049999777, p95LatencyMs: 12.3456, tokensPerSecond: 123.45678 },
            cost: { totalUsd: 5.6999999999999996e-5, costRangeUsd: { min: 1.23456e-6, max: 0.1 + 0.2 } },
            runs: [{ ms: 1234.5678, at: 1764648000000, costUsd: 0.000123456 }],
            recommendations: ['keep it'],
            absent: null
        }
        assert.deepEqual(roundReportForPeople(report), {
            model: 'alpha',
            quality: { overall: { value: 0.8333, low: 0.6123, high: 1, n: 12 } },
            performance: { p50LatencyMs: 385, p95LatencyMs: 12.3, tokensPerSecond: 123.5 },
            cost: { totalUsd: 0.000057, costRangeUsd: { min: 0.00000123, max: 0.3 } },
            runs: [{ ms: 1235, at: 1764648000000, costUsd: 0.000123 }],
            recommendations: ['keep it'],
            absent: null
        })
        assert.equal(report.performance.p50LatencyMs, 385.2377049999777, 'the report itself is left as computed')
    })
})
