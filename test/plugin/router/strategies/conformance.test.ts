import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { STRATEGIES } from '../../../../plugin/router/strategies'
import type { CandidateFacts } from '../../../../plugin/router/types'
import { profile } from '../../../support/profiles'

const facts = (name: string, costUsd: number, latencyMs: number | undefined, quality: number | undefined): CandidateFacts => ({
    model: profile(name),
    costUsd,
    latencyMs,
    quality
})

const SETS: Record<string, CandidateFacts[]> = {
    empty: [],
    single: [facts('a', 0.01, 500, 0.8)],
    varied: [facts('a', 0.01, 500, 0.8), facts('b', 0.001, 1500, 0.6), facts('c', 0.05, 200, 0.95), facts('d', 0.02, undefined, undefined)],
    equal: [facts('a', 0.01, 500, 0.8), facts('b', 0.01, 500, 0.8)]
}

// Every strategy must pass the same suite: one contract, several implementations.
for (const strategy of Object.values(STRATEGIES)) {
    describe(`routing strategy ${strategy.name} (conformance)`, () => {
        it('returns one finite score in [0, 1] per candidate', () => {
            for (const [setName, set] of Object.entries(SETS)) {
                const scores = strategy.score(set)
                assert.equal(scores.length, set.length, setName)
                for (const s of scores) assert.ok(Number.isFinite(s) && s >= 0 && s <= 1, `${setName}: score ${s}`)
            }
        })

        it('scores a candidate the same whatever the order of the candidates', () => {
            const set = SETS.varied
            const forward = strategy.score(set)
            const reversed = strategy.score([...set].reverse()).reverse()
            assert.deepEqual(reversed, forward)
        })

        it('is deterministic and leaves its input untouched', () => {
            const set = SETS.varied
            const copy = structuredClone(set.map((c) => ({ ...c, model: { ...c.model } })))
            assert.deepEqual(strategy.score(set), strategy.score(set))
            assert.deepEqual(
                set.map((c) => ({ ...c, model: { ...c.model } })),
                copy
            )
        })

        it('gives identical candidates identical scores', () => {
            const [a, b] = strategy.score(SETS.equal)
            assert.equal(a, b)
        })

        it('has a name and a description for the node and the README', () => {
            assert.ok(strategy.description.length > 10)
            assert.equal(STRATEGIES[strategy.name], strategy)
        })
    })
}

describe('routing strategies (what each one prefers)', () => {
    const best = (name: keyof typeof STRATEGIES) => {
        const scores = STRATEGIES[name].score(SETS.varied)
        return SETS.varied[scores.indexOf(Math.max(...scores))].model.name
    }
    it('cost-based prefers the cheapest', () => assert.equal(best('cost-based'), 'b'))
    it('latency-based prefers the fastest, and ranks unknown latency last', () => {
        assert.equal(best('latency-based'), 'c')
        const scores = STRATEGIES['latency-based'].score(SETS.varied)
        assert.equal(scores[3], 0)
    })
    it('quality-first prefers the best quality, and ranks unknown quality last', () => {
        assert.equal(best('quality-first'), 'c')
        assert.equal(STRATEGIES['quality-first'].score(SETS.varied)[3], 0)
    })
    it('balanced trades quality against cost and latency', () => {
        // c: quality .95, fastest, most expensive → .5*.95 + .3*0 + .2*1 = .675
        // a: .5*.8 + .3*(.04/.049) + .2*(1000/1300) ≈ .799
        assert.equal(best('balanced'), 'a')
    })
})
