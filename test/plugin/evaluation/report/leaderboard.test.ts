import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildModelReport } from '../../../../plugin/evaluation/report/buildModelReport'
import { EvaluationReportError } from '../../../../plugin/evaluation/report/errors'
import { leaderboard } from '../../../../plugin/evaluation/report/leaderboard'
import { measuredQuality } from '../../../../plugin/evaluation/report/measuredQuality'
import type { ModelReport } from '../../../../plugin/evaluation/types'
import { cases, repeat } from './caseResults'

const passing = (model: string, passed: number, total: number, costUsd = 0.001) =>
    buildModelReport(cases([...repeat(passed, true), ...repeat(total - passed, false)], { model, costUsd }))

describe('leaderboard', () => {
    it('ranks by score, then lower bound, then cost, then name', () => {
        const reports = [
            passing('cheap-tie', 8, 10, 0.001),
            passing('best', 10, 10),
            passing('surer', 80, 100), // same score as the 8/10 models, higher lower bound
            passing('dear-tie', 8, 10, 0.01),
            passing('b-name-tie', 8, 10, 0.001),
            passing('worst', 2, 10)
        ]
        const board = leaderboard(reports)
        assert.deepEqual(
            board.map((r) => `${r.rank} ${r.model}`),
            ['1 best', '2 surer', '3 b-name-tie', '4 cheap-tie', '5 dear-tie', '6 worst']
        )
        assert.equal(board[1].score.n, 100)
        assert.equal(board[1].passRate.value, 0.8)
        assert.equal(board[0].p50LatencyMs, 1000)
        assert.ok(Math.abs(board[0].perRequestUsd! - 0.001) < 1e-15)
        assert.ok(Math.abs(board[0].qualityPerDollar! - 1000) < 1e-9)
    })

    it('ranks one category and leaves out models without it; an unknown cost ranks after a known one', () => {
        const coding = (model: string, costUsd: number | undefined) =>
            buildModelReport(cases(repeat(10, true), { model, category: 'coding', costUsd }))
        const reports = [coding('unpriced', undefined), passing('no-coding', 10, 10), coding('priced', 0.5)]
        assert.deepEqual(
            leaderboard(reports, 'coding').map((r) => r.model),
            ['priced', 'unpriced']
        )
        assert.deepEqual(leaderboard([]), [])
    })
})

describe('measuredQuality', () => {
    it('maps each model to its mean score per measured category', () => {
        const report = buildModelReport([
            ...cases([true, false], { model: 'm', category: 'coding' }),
            ...cases(repeat(3, true), { model: 'm', category: 'factuality' })
        ])
        const quality = measuredQuality([report, passing('other', 1, 4)])
        assert.deepEqual(quality.get('m'), { coding: 0.5, factuality: 1 })
        assert.deepEqual(quality.get('other'), { reasoning: 0.25 })
        assert.equal(quality.size, 2)
    })

    it('skips categories with no graded case and refuses two reports of one model', () => {
        const empty: ModelReport = {
            ...passing('m', 1, 1),
            quality: {
                ...passing('m', 1, 1).quality,
                categories: { coding: { score: { value: 0, low: 0, high: 1, n: 0 }, passRate: { value: 0, low: 0, high: 1, n: 0 } } }
            }
        }
        assert.deepEqual(measuredQuality([empty]).get('m'), {})
        assert.throws(() => measuredQuality([passing('m', 1, 2), passing('m', 2, 2)]), EvaluationReportError)
    })
})
