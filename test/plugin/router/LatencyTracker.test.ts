import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LatencyTracker } from '../../../plugin/router/LatencyTracker'

describe('LatencyTracker', () => {
    it('reports the median of the last window of observations (ms)', () => {
        const tracker = new LatencyTracker(3)
        assert.equal(tracker.median('m'), undefined)
        tracker.record('m', 100)
        tracker.record('m', 300)
        assert.equal(tracker.median('m'), 200)
        tracker.record('m', 200)
        tracker.record('m', 1000)
        assert.equal(tracker.count('m'), 3)
        assert.equal(tracker.median('m'), 300)
    })
    it('ignores values that are not latencies', () => {
        const tracker = new LatencyTracker()
        tracker.record('m', Number.NaN)
        tracker.record('m', -5)
        assert.equal(tracker.count('m'), 0)
    })
})
