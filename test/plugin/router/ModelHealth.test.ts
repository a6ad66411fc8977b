import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LatencyTracker } from '../../../plugin/router/LatencyTracker'
import { ModelHealth } from '../../../plugin/router/ModelHealth'

const settings = { failuresToOpen: 3, cooldownMs: 5_000, maxCooldownMs: 20_000 }

describe('ModelHealth', () => {
    it('opens after consecutive failures, half-opens after the cooldown, and lets one probe through', () => {
        let now = 0
        const health = new ModelHealth(settings, () => now)
        health.recordFailure('a', 'upstream')
        health.recordFailure('a', 'upstream')
        assert.equal(health.view('a').state, 'closed')
        health.recordFailure('a', 'upstream')
        assert.equal(health.view('a').state, 'open')
        assert.equal(health.tryAcquire('a'), false)
        now = 5_000
        assert.equal(health.view('a').state, 'half-open')
        assert.equal(health.tryAcquire('a'), true)
        assert.equal(health.tryAcquire('a'), false, 'one probe at a time')
        health.recordSuccess('a')
        assert.equal(health.view('a').state, 'closed')
        assert.equal(health.tryAcquire('a'), true)
    })

    it('counts hangs as failures, and a failed probe doubles the cooldown up to its maximum', () => {
        let now = 0
        const health = new ModelHealth(settings, () => now)
        for (let i = 0; i < 3; i++) health.recordFailure('b', 'timeout')
        assert.deepEqual(health.view('b'), { model: 'b', state: 'open', openForMs: 5_000, lastFailure: 'timeout' })
        const cooldowns: number[] = []
        for (let i = 0; i < 4; i++) {
            now += 100_000
            assert.ok(health.tryAcquire('b'))
            health.recordFailure('b', 'timeout')
            cooldowns.push(health.view('b').openForMs!)
        }
        assert.deepEqual(cooldowns, [10_000, 20_000, 20_000, 20_000])
    })

    it("does not count failures that are not the model's", () => {
        const health = new ModelHealth(settings, () => 0)
        for (let i = 0; i < 5; i++) for (const code of ['unreachable', 'auth', 'bad_request', 'aborted']) health.recordFailure('c', code)
        assert.equal(health.view('c').state, 'closed')
    })

    it('releases a probe whose request ended without a verdict', () => {
        let now = 0
        const health = new ModelHealth(settings, () => now)
        for (let i = 0; i < 3; i++) health.recordFailure('d', 'timeout')
        now = 6_000
        assert.ok(health.tryAcquire('d'))
        health.release('d')
        assert.ok(health.tryAcquire('d'))
    })

    it('applies circuits opened by another replica', () => {
        let now = 0
        const health = new ModelHealth(settings, () => now)
        health.applyRemote({ model: 'e', cooldownMs: 3_000, reason: 'upstream' })
        assert.equal(health.view('e').state, 'open')
        now = 3_000
        assert.equal(health.view('e').state, 'half-open')
    })
})

describe('LatencyTracker.estimate', () => {
    it('moves from the observed median back to the prior as the figure ages', () => {
        let now = 0
        const tracker = new LatencyTracker(32, 30_000, () => now)
        assert.equal(tracker.estimate('a', 300), 300)
        tracker.record('a', 2_300)
        assert.equal(tracker.estimate('a', 300), 2_300)
        now = 30_000
        assert.equal(tracker.estimate('a', 300), 1_300)
        now = 300_000
        assert.ok(tracker.estimate('a', 300)! < 302)
    })

    it('forgets a model without a prior after four half-lives (unknown, so admitted again)', () => {
        let now = 0
        const tracker = new LatencyTracker(32, 30_000, () => now)
        tracker.record('b', 5_000)
        now = 119_000
        assert.equal(tracker.estimate('b', undefined), 5_000)
        now = 121_000
        assert.equal(tracker.estimate('b', undefined), undefined)
    })
})
