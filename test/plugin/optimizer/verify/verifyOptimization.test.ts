import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseFlowData } from '../../../../plugin/flow/flowData'
import { verifyOptimization, type FlowRun } from '../../../../plugin/optimizer/verify/verifyOptimization'
import { verifyQuestions } from '../../../../plugin/optimizer/verify/verifyQuestions'

const answer = (text: string, costUsd = 0.001, unpriced = 0): FlowRun => ({ text, calls: { count: 1, costUsd, unpriced }, ms: 1 })
const failure = (error: string): FlowRun => ({ error, calls: { count: 1, costUsd: 0, unpriced: 0 }, ms: 1 })

describe('verifyOptimization', () => {
    it('compares answers: exact, varied under sampling, different at temperature 0, and which side failed', async () => {
        const original = async (q: string) => (q === 'broken' ? failure('original down') : answer(`a ${q}`))
        const optimized = async (q: string) => (q === 'fails' ? failure('boom') : answer(q === 'same' ? 'a same' : `b ${q}`))
        const run = (sampled: boolean) =>
            verifyOptimization({
                questions: ['same', 'other', 'fails', 'broken'],
                source: 'user',
                runOriginal: original,
                runOptimized: optimized,
                sampled,
                budgetUsd: 1
            })
        const exact = await run(false)
        assert.deepEqual(
            exact.results.map((r) => r.agreement),
            ['exact', 'differs', 'optimized-failed', 'original-failed']
        )
        assert.equal(exact.regression, true)
        assert.deepEqual(exact.reasons, [
            '"other": the optimized flow answered differently, and the flow\'s models do not sample (temperature 0)',
            '"fails": the optimized flow failed (boom) where the original answered'
        ])
        const sampled = await run(true)
        assert.equal(sampled.results[1].agreement, 'varies')
        assert.deepEqual(sampled.reasons.length, 1)
        assert.equal(exact.original.calls, 4)
    })

    it('stops asking before the budget would be exceeded, by what it measured or was told to expect', async () => {
        let asked = 0
        const run = async () => (asked++, answer('x', 0.004))
        const report = await verifyOptimization({
            questions: ['1', '2', '3'],
            source: 'user',
            runOriginal: run,
            runOptimized: run,
            sampled: false,
            budgetUsd: 0.01
        })
        assert.equal(report.results.length, 1, 'one pair costs 0.008; a second would pass 0.01')
        assert.equal(asked, 2)
        assert.match(report.notAsked[0].reason, /budget of \$0.01 would be exceeded/)
        assert.ok(Math.abs(report.spentUsd - 0.008) < 1e-12)

        const expected = await verifyOptimization({
            questions: ['1'],
            source: 'user',
            runOriginal: run,
            runOptimized: run,
            sampled: false,
            budgetUsd: 0.01,
            expectedCostPerQuestionUsd: 0.02
        })
        assert.deepEqual(expected.results, [], 'the estimate alone already exceeds the budget')

        const unpriced = async () => answer('x', 0, 1)
        const blind = await verifyOptimization({
            questions: ['1', '2'],
            source: 'user',
            runOriginal: unpriced,
            runOptimized: unpriced,
            sampled: false,
            budgetUsd: 1
        })
        assert.equal(blind.results.length, 1)
        assert.match(blind.notAsked[0].reason, /not priced/)
    })
})

describe('verifyQuestions', () => {
    const flow = parseFlowData({
        nodes: [
            {
                id: 'promptTemplate_0',
                data: { name: 'promptTemplate', inputs: { template: 'You are a travel agent for {city}. Answer: {question}' } }
            }
        ],
        edges: []
    })
    it("takes the user's questions, else the starter prompts, else questions from the flow's prompt", () => {
        assert.deepEqual(verifyQuestions(flow, undefined, ['mine'], 3), { questions: ['mine'], source: 'user' })
        const starters = JSON.stringify({ starterPrompts: { 0: { prompt: 'Where to go?' }, 1: { prompt: '' } } })
        assert.deepEqual(verifyQuestions(flow, starters, undefined, 3), { questions: ['Where to go?'], source: 'starter-prompts' })
        const generated = verifyQuestions(flow, '{not json', undefined, 2)
        assert.equal(generated.source, 'generated')
        assert.deepEqual(generated.questions[0], 'What can you tell me about this: You are a travel agent for Answer?')
        assert.equal(generated.questions.length, 2)
    })
})
