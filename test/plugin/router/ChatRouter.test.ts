import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LiteLLMClient } from '../../../plugin/litellm/LiteLLMClient'
import { ProxyEndpoint } from '../../../plugin/litellm/ProxyEndpoint'
import { ChatRouter } from '../../../plugin/router/ChatRouter'
import { NoCandidateError } from '../../../plugin/router/errors'
import { LatencyTracker } from '../../../plugin/router/LatencyTracker'
import { ModelHealth } from '../../../plugin/router/ModelHealth'
import type { RoutingSettings } from '../../../plugin/router/routerSettings'
import { profile } from '../../support/profiles'

const routing: RoutingSettings = { strategy: 'cost-based', category: 'general', required: [], preferred: [], defaultOutputTokens: 256 }

/** A router whose decisions can be inspected without a proxy (decide() sends nothing). */
const routerWith = (overrides: { routing?: Partial<RoutingSettings>; latency?: LatencyTracker; health?: ModelHealth } = {}) =>
    new ChatRouter({
        client: new LiteLLMClient(new ProxyEndpoint('http://127.0.0.1:9', 'sk-unused')),
        candidates: [
            profile('cheap', { inputCostPerToken: 1e-7, priorLatencyMs: 900 }),
            profile('mid', { inputCostPerToken: 1e-6, priorLatencyMs: 600 }),
            profile('dear', { inputCostPerToken: 1e-5, priorLatencyMs: 300 })
        ],
        routing: { ...routing, ...overrides.routing },
        reliability: { maxAttempts: 3, attemptTimeoutMs: 1_000, totalTimeoutMs: 5_000 },
        latency: overrides.latency ?? new LatencyTracker(),
        health: overrides.health ?? new ModelHealth()
    })

const order = (router: ChatRouter) => router.decide({ required: [], inputTokens: 100 }).order.map((c) => c.model.name)

describe('ChatRouter.decide', () => {
    it('tries models with an open circuit last, and says why', () => {
        const health = new ModelHealth()
        for (let i = 0; i < 3; i++) health.recordFailure('cheap', 'upstream')
        const route = routerWith({ health }).decide({ required: [], inputTokens: 100 })
        assert.deepEqual(
            route.order.map((c) => c.model.name),
            ['mid', 'dear', 'cheap']
        )
        assert.deepEqual(
            route.health.map((h) => [h.model, h.state]),
            [['cheap', 'open']]
        )
    })

    it('lets one request at a time probe a half-open model', () => {
        let now = 0
        const health = new ModelHealth(undefined, () => now)
        for (let i = 0; i < 3; i++) health.recordFailure('cheap', 'upstream')
        now = 10_000
        const router = routerWith({ health })
        const first = router.decide({ required: [], inputTokens: 100 })
        assert.deepEqual(first.probes, ['cheap'])
        assert.equal(first.order[0].model.name, 'cheap')
        assert.deepEqual(order(router), ['mid', 'dear', 'cheap'], 'the second request does not probe too')
    })

    it('sends the request to the fastest models when Max Latency excludes them all, and says so', () => {
        const route = routerWith({ routing: { maxLatencyMs: 100 } }).decide({ required: [], inputTokens: 100 })
        assert.equal(route.latencyLimitRelaxed, true)
        assert.deepEqual(
            route.order.map((c) => c.model.name),
            ['dear', 'mid', 'cheap']
        )
        assert.ok(route.decision.excluded.every((e) => e.reason === 'over-latency'))
    })

    it('keeps cost limits hard even then', () => {
        assert.throws(
            () => routerWith({ routing: { maxLatencyMs: 100, maxCostUsd: 1e-9 } }).decide({ required: [], inputTokens: 100 }),
            NoCandidateError
        )
    })

    it('admits a model excluded for slowness again once its figure has aged', () => {
        let now = 0
        const latency = new LatencyTracker(32, 30_000, () => now)
        latency.record('cheap', 5_000)
        const router = routerWith({ latency, routing: { maxLatencyMs: 2_000 } })
        assert.deepEqual(order(router), ['mid', 'dear'])
        now = 120_000
        assert.deepEqual(order(router), ['cheap', 'mid', 'dear'])
    })
})
