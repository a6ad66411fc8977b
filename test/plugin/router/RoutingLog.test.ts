import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RoutingLog } from '../../../plugin/router/RoutingLog'
import type { RouterCallEvent } from '../../../plugin/router/routingRecord'

const event = (overrides: Partial<RouterCallEvent>): RouterCallEvent => ({
    strategy: 'cost-first',
    outcome: 'ok',
    durationMs: 10,
    fallbacks: [],
    exclusions: [],
    ...overrides
})

describe('RoutingLog', () => {
    it('summarizes share per model, fallbacks, exclusions and cost', () => {
        const log = new RoutingLog(10, () => 1_000)
        log.record(event({ model: 'a', costUsd: 0.5 }))
        log.record(event({ model: 'a', costUsd: 0.25, fallbacks: ['b'], exclusions: ['over-cost'] }))
        log.record(event({ model: 'b', costUsd: 0.25, exclusions: ['over-cost', 'missing-capability'] }))
        log.record(event({ outcome: 'no-candidate', exclusions: ['under-quality'] }))
        const summary = log.summary()
        assert.equal(summary.calls, 4)
        assert.deepEqual(summary.models, [
            { model: 'a', calls: 2, share: 2 / 3, costUsd: 0.75 },
            { model: 'b', calls: 1, share: 1 / 3, costUsd: 0.25 }
        ])
        assert.deepEqual(summary.outcomes, { ok: 3, error: 0, 'no-candidate': 1 })
        assert.equal(summary.fallbackCalls, 1)
        assert.deepEqual(summary.fallbacksByModel, { b: 1 })
        assert.deepEqual(summary.exclusions, { 'over-cost': 2, 'missing-capability': 1, 'under-quality': 1 })
        assert.equal(summary.costUsd, 1)
    })

    it('keeps only the latest decisions, newest first', () => {
        const log = new RoutingLog(3)
        for (const model of ['m1', 'm2', 'm3', 'm4', 'm5']) log.record(event({ model }))
        assert.deepEqual(
            log.recent().map((e) => e.model),
            ['m5', 'm4', 'm3']
        )
    })
})
