import assert from 'node:assert/strict'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { MAX_DECISIONS_PER_PREDICTION, PredictionDecisions } from '../../../plugin/router/PredictionDecisions'
import type { DecisionSummary } from '../../../plugin/router/decisionSummary'

const summary = (model: string) => ({ model }) as DecisionSummary

describe('PredictionDecisions', () => {
    it('gives each prediction its own decisions, even two at once in one chat', async () => {
        const decisions = new PredictionDecisions()
        const predict = (model: string, steps: number) =>
            decisions.run(async () => {
                for (let i = 0; i < steps; i++) {
                    await nextTurn()
                    decisions.add({ nodeId: `router-${i}`, summary: summary(model) })
                }
                return decisions.current().map((d) => `${d.nodeId}:${d.summary.model}`)
            })
        const [a, b] = await Promise.all([predict('alpha', 3), predict('beta', 2)])
        assert.deepEqual(a, ['router-0:alpha', 'router-1:alpha', 'router-2:alpha'])
        assert.deepEqual(b, ['router-0:beta', 'router-1:beta'])
    })

    it('records nothing outside a prediction, and keeps a looping agent’s last decisions only', async () => {
        const decisions = new PredictionDecisions()
        decisions.add({ summary: summary('outside') })
        assert.deepEqual(decisions.current(), [])
        const kept = await decisions.run(async () => {
            for (let i = 0; i < MAX_DECISIONS_PER_PREDICTION + 5; i++) decisions.add({ summary: summary(`m${i}`) })
            return decisions.current().map((d) => d.summary.model)
        })
        assert.equal(kept.length, MAX_DECISIONS_PER_PREDICTION)
        assert.equal(kept[0], 'm5')
        assert.deepEqual(decisions.current(), [], 'nothing outlives its prediction')
    })
})
