import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { computeCallCost } from '../../../plugin/router/callCost'
import { profile } from '../../support/profiles'

const model = profile('m', { inputCostPerToken: 1e-6, outputCostPerToken: 4e-6 })

describe('computeCallCost', () => {
    it('computes usage × prices (USD)', () => {
        assert.deepEqual(computeCallCost(model, { inputTokens: 1000, outputTokens: 250 }), { computedUsd: 0.002, mismatch: false })
    })
    it('agrees with a matching proxy header', () => {
        const cost = computeCallCost(model, { inputTokens: 1000, outputTokens: 250 }, '0.0020000000001')
        assert.equal(cost.proxyUsd, 0.0020000000001)
        assert.equal(cost.mismatch, false)
    })
    it('flags a proxy figure that differs by more than 1%', () => {
        assert.equal(computeCallCost(model, { inputTokens: 1000, outputTokens: 250 }, '0').mismatch, true)
        assert.equal(computeCallCost(model, { inputTokens: 1000, outputTokens: 250 }, '0.0021').mismatch, true)
    })
    it('ignores a missing or malformed header', () => {
        assert.equal(computeCallCost(model, { inputTokens: 1, outputTokens: 1 }, null).proxyUsd, undefined)
        assert.equal(computeCallCost(model, { inputTokens: 1, outputTokens: 1 }, 'n/a').proxyUsd, undefined)
    })
})
