import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { callsOf, checkRunStart, estimateRunCostUsd } from '../../../plugin/evaluation/costGuard'
import { parseSuite } from '../../../plugin/evaluation/suite/parseSuite'
import { profile } from '../../support/profiles'

const suiteYaml = (assertions: string, judge = '') => `name: priced
${judge}defaults: {repeats: 2, maxTokens: 100}
cases:
  - {id: a, category: coding, prompt: "${'x'.repeat(400)}", assert: [${assertions}]}
`

const prices = new Map([
    ['model', profile('model', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 })],
    ['judge', profile('judge', { inputCostPerToken: 10e-6, outputCostPerToken: 20e-6 })]
])
const priced = (name: string) => prices.get(name)
const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`)

describe('estimateRunCostUsd', () => {
    it('prices each call: the prompt at 4 characters a token and maxTokens of answer, times repeats', () => {
        const suite = parseSuite(suiteYaml('{type: contains, value: x}'), { fileName: 'priced.yaml' })
        // 100 prompt tokens × 1e-6 + 100 answer tokens × 2e-6, twice.
        close(estimateRunCostUsd(suite, ['model'], priced), 2 * (100e-6 + 200e-6))
        assert.equal(callsOf(suite, ['model', 'judge']), 4)
    })

    it('adds one judge call per judge-graded assertion, at the judge model’s prices', () => {
        const plain = parseSuite(suiteYaml('{type: contains, value: x}', 'judge: {model: judge, temperature: 0}\n'), { fileName: 'p.yaml' })
        const judged = parseSuite(
            suiteYaml(
                '{type: llm-rubric, rubric: is it right}, {type: factuality, value: x is x}',
                'judge: {model: judge, temperature: 0}\n'
            ),
            { fileName: 'j.yaml' }
        )
        const withoutJudge = estimateRunCostUsd(plain, ['model'], priced)
        const withJudge = estimateRunCostUsd(judged, ['model'], priced)
        // Two judge calls per answer, each at least the prompt and the answer in (200 tokens × 10e-6)
        // and 150 tokens out (× 20e-6), for 2 repeats.
        assert.ok(withJudge - withoutJudge >= 2 * 2 * (200 * 10e-6 + 150 * 20e-6), `${withJudge} vs ${withoutJudge}`)
        // The judge's price counts even when the evaluated model has none.
        assert.ok(estimateRunCostUsd(judged, ['unpriced'], priced) > 0)
    })

    it('refuses a run whose estimate passes the daily budget, naming the figures', () => {
        const refusal = checkRunStart(
            { maxActiveRuns: 5, maxCallsPerRun: 100, dailyBudgetUsd: 1 },
            { calls: 10, activeRuns: 0, spentTodayUsd: 0.9, estimateUsd: 0.2 }
        )
        assert.equal(refusal?.code, 'over-daily-budget')
        assert.equal(refusal?.status, 402)
        assert.match(refusal!.message, /estimated at 0\.2000 USD.*spent 0\.9000 USD.*budget is 1\.0000 USD/)
    })
})
