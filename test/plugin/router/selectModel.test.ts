import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { estimateCostUsd, rankOrder, selectModel } from '../../../plugin/router/selectModel'
import type { ModelProfile, SelectionRequest } from '../../../plugin/router/types'
import { profile } from '../../support/profiles'

const request = (overrides: Partial<SelectionRequest> = {}): SelectionRequest => ({
    inputTokens: 1000,
    outputTokens: 500,
    required: [],
    category: 'general',
    preferred: [],
    strategy: 'cost-based',
    ...overrides
})

const MODELS: ModelProfile[] = [
    profile('cheap', {
        inputCostPerToken: 1e-7,
        outputCostPerToken: 2e-7,
        supportsTools: false,
        quality: { general: 0.55 },
        priorLatencyMs: 300
    }),
    profile('mid', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6, quality: { general: 0.8, coding: 0.7 }, priorLatencyMs: 800 }),
    profile('vision', {
        inputCostPerToken: 5e-6,
        outputCostPerToken: 1.5e-5,
        supportsVision: true,
        quality: { general: 0.9, coding: 0.92 },
        priorLatencyMs: 1500,
        maxInputTokens: 8000
    })
]
const prior = (m: ModelProfile) => m.priorLatencyMs

describe('selectModel', () => {
    it('estimates cost as input tokens × input price + output tokens × output price (USD)', () => {
        assert.equal(estimateCostUsd(MODELS[1], 1000, 500), 1000 * 1e-6 + 500 * 2e-6)
    })

    it('ranks every admitted model, best first, and keeps the rest as fallbacks', () => {
        const decision = selectModel(MODELS, request(), prior)
        assert.deepEqual(
            decision.ranked.map((c) => c.model.name),
            ['cheap', 'mid', 'vision']
        )
        assert.deepEqual(decision.excluded, [])
    })

    it('excludes models over the cost limit and says by how much', () => {
        const decision = selectModel(MODELS, request({ maxCostUsd: 0.003 }), prior)
        assert.deepEqual(
            decision.ranked.map((c) => c.model.name),
            ['cheap', 'mid']
        )
        assert.equal(decision.excluded.length, 1)
        assert.equal(decision.excluded[0].model, 'vision')
        assert.equal(decision.excluded[0].reason, 'over-cost')
        assert.match(decision.excluded[0].detail, /estimated \$0\.0125 > max \$0\.00300/)
    })

    it('excludes models without a required capability', () => {
        const decision = selectModel(MODELS, request({ required: ['tools'] }), prior)
        assert.deepEqual(
            decision.excluded.map((e) => [e.model, e.reason, e.detail]),
            [['cheap', 'missing-capability', 'does not support tools']]
        )
        const vision = selectModel(MODELS, request({ required: ['vision'] }), prior)
        assert.deepEqual(
            vision.ranked.map((c) => c.model.name),
            ['vision']
        )
    })

    it('excludes models whose expected latency is over the limit but admits models with no latency data', () => {
        const noData = profile('unknown', { quality: { general: 0.7 } })
        const decision = selectModel([...MODELS, noData], request({ maxLatencyMs: 1000 }), prior)
        assert.deepEqual(
            decision.ranked.map((c) => c.model.name),
            ['cheap', 'mid', 'unknown']
        )
        assert.deepEqual(
            decision.excluded.map((e) => [e.model, e.reason]),
            [['vision', 'over-latency']]
        )
    })

    it('uses observed latency over the prior when there is some', () => {
        const observed = (m: ModelProfile) => (m.name === 'cheap' ? 5000 : m.priorLatencyMs)
        const decision = selectModel(MODELS, request({ maxLatencyMs: 1000 }), observed)
        assert.deepEqual(
            decision.excluded.map((e) => e.model),
            ['cheap', 'vision']
        )
    })

    it('applies the quality floor per task category, falling back to general', () => {
        const decision = selectModel(MODELS, request({ category: 'coding', minQuality: 0.75 }), prior)
        assert.deepEqual(
            decision.ranked.map((c) => c.model.name),
            ['vision']
        )
        assert.deepEqual(
            decision.excluded.map((e) => [e.model, e.reason]),
            [
                ['cheap', 'under-quality'],
                ['mid', 'under-quality']
            ]
        )
        assert.match(decision.excluded[0].detail, /quality 0\.55 for coding < min 0\.75/)
    })

    it('excludes a model with no quality score when a floor is set', () => {
        const blank = profile('blank', { quality: {} })
        const decision = selectModel([blank], request({ minQuality: 0.1 }), prior)
        assert.equal(decision.ranked.length, 0)
        assert.match(decision.excluded[0].detail, /no quality score for general/)
    })

    it('excludes models whose context window is smaller than the prompt', () => {
        const decision = selectModel(MODELS, request({ inputTokens: 9000, strategy: 'quality-first' }), prior)
        assert.deepEqual(
            decision.excluded.map((e) => [e.model, e.reason]),
            [['vision', 'context-too-long']]
        )
    })

    it('puts admitted preferred models first, in the order given', () => {
        const decision = selectModel(MODELS, request({ preferred: ['vision', 'mid'] }), prior)
        assert.deepEqual(
            decision.ranked.map((c) => c.model.name),
            ['vision', 'mid', 'cheap']
        )
        const constrained = selectModel(MODELS, request({ preferred: ['vision'], maxCostUsd: 0.003 }), prior)
        assert.equal(constrained.ranked[0].model.name, 'cheap', 'a preferred model never overrides a constraint')
    })

    it('breaks score ties by cost, then by name, whatever the input order', () => {
        const twins = [profile('b-twin'), profile('a-twin'), profile('c-dear', { inputCostPerToken: 2e-6 })]
        const forward = selectModel(twins, request({ strategy: 'quality-first' }), prior)
        const backward = selectModel([...twins].reverse(), request({ strategy: 'quality-first' }), prior)
        assert.deepEqual(
            forward.ranked.map((c) => c.model.name),
            ['a-twin', 'b-twin', 'c-dear']
        )
        assert.deepEqual(
            backward.ranked.map((c) => c.model.name),
            forward.ranked.map((c) => c.model.name)
        )
    })

    it('returns an empty ranking, with every reason, when nothing fits', () => {
        const decision = selectModel(MODELS, request({ maxCostUsd: 1e-9 }), prior)
        assert.equal(decision.ranked.length, 0)
        assert.deepEqual(
            decision.excluded.map((e) => e.reason),
            ['over-cost', 'over-cost', 'over-cost']
        )
    })
})

describe('rankOrder (the packed sort behind the ranking)', () => {
    it('orders exactly like a comparator sort, ties included', () => {
        let seed = 7
        const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
        for (let round = 0; round < 50; round++) {
            const n = 1 + Math.floor(random() * 300)
            const keys = Float64Array.from({ length: n }, () => Math.floor(random() * 40) / 20 + (random() < 0.3 ? 1e-12 : 0))
            const tie = Array.from({ length: n }, () => Math.floor(random() * 5))
            const compare = (a: number, b: number) => keys[a] - keys[b] || tie[a] - tie[b] || a - b
            const expected = Array.from(keys.keys()).sort(compare)
            assert.deepEqual(rankOrder(keys, compare), expected)
        }
    })
})
