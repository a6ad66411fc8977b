import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildModelReport } from '../../../../plugin/evaluation/report/buildModelReport'
import { EvaluationReportError } from '../../../../plugin/evaluation/report/errors'
import { wilsonInterval } from '../../../../plugin/evaluation/stats/intervals'
import { cases, repeat, result } from './caseResults'

const close = (actual: number | undefined, expected: number, tolerance = 1e-9) =>
    assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`)

describe('buildModelReport', () => {
    it('refuses results of several models, and no results, with an actionable message', () => {
        assert.throws(
            () => buildModelReport([result({ caseId: 'a' }), result({ caseId: 'a', model: 'model-b' })]),
            (e: unknown) => e instanceof EvaluationReportError && /one model, got 2: "model-a", "model-b"; filter by model/.test(e.message)
        )
        assert.throws(() => buildModelReport([]), EvaluationReportError)
    })

    it('refuses a case id that carries two categories', () => {
        const mixed = [result({ caseId: 'x', category: 'coding' }), result({ caseId: 'x', category: 'reasoning', repeat: 1 })]
        assert.throws(() => buildModelReport(mixed), /case "x" is in two categories/)
    })

    it('counts cases, not repeats: repeats are averaged per case first', () => {
        // 10 cases × 3 repeats, every case passing 2 of its 3 repeats.
        const results = Array.from({ length: 10 }, (_, c) =>
            [true, true, false].map((pass, r) => result({ caseId: `c${c}`, repeat: r, pass, score: pass ? 1 : 0.4 }))
        ).flat()
        const report = buildModelReport(results)
        assert.equal(report.quality.overall.n, 10)
        assert.equal(report.quality.passRate.n, 10)
        close(report.quality.overall.value, 0.8)
        close(report.quality.passRate.value, 2 / 3)
        // Every case has the same mean, so the score falls back to the widest interval a [0, 1] score can have.
        assert.ok(report.quality.overall.low < 0.8 && report.quality.overall.high > 0.8)
        assert.deepEqual(report.quality.passRate, wilsonInterval(20 / 3, 10))
        assert.equal(report.performance.errorRate.n, 30)
    })

    it('leaves failed calls out of quality and counts them in the error rate', () => {
        const graded = cases(repeat(30, true))
        const failed = repeat(10, 0).map((_, i) => result({ caseId: `broken-${i}`, error: 'HTTP 503 upstream unavailable', costUsd: 0 }))
        const report = buildModelReport([...graded, ...failed])
        assert.equal(report.quality.overall.value, 1)
        assert.equal(report.quality.overall.n, 30)
        assert.equal(report.quality.passRate.value, 1)
        assert.equal(report.performance.errorRate.value, 0.25)
        assert.equal(report.performance.errorRate.n, 40)
        assert.match(report.recommendations[0], /Error rate 25\.0% \(10 of 40 calls\) is above 5\.0%.*"HTTP 503 upstream unavailable"/)
    })

    it('reports scores per category, each with its own n', () => {
        const report = buildModelReport([
            ...cases(repeat(12, true), { category: 'coding' }),
            ...cases([true, false, false, false], { category: 'extraction' })
        ])
        assert.equal(report.quality.categories.coding?.score.n, 12)
        assert.equal(report.quality.categories.extraction?.passRate.value, 0.25)
        assert.equal(report.quality.categories.reasoning, undefined)
        assert.equal(report.quality.overall.n, 16)
    })

    it('measures latency percentiles and throughput on successful calls', () => {
        const latencies = [1000, 2000, 3000, 4000, 10_000]
        const results = latencies.map((latencyMs, i) => result({ caseId: `l${i}`, latencyMs, ttftMs: 200, outputTokens: 80 }))
        results.push(result({ caseId: 'timeout', error: 'timed out', latencyMs: 60_000 }))
        const { performance } = buildModelReport(results)
        assert.equal(performance.p50LatencyMs, 3000)
        close(performance.p95LatencyMs, 8800) // 4000 + 0.8 · 6000: the time-out is not in it
        assert.equal(performance.p50TtftMs, 200)
        close(performance.tokensPerSecond, 80 / 2.8) // median of 80 tokens over (latency − ttft)
    })

    it('computes cost per request, per 1k tokens and quality per dollar (USD)', () => {
        const results = [
            ...cases([true, true, false, true], { costUsd: 0.002, inputTokens: 150, outputTokens: 50 }),
            result({ caseId: 'unpriced', costUsd: undefined })
        ]
        const { cost, quality } = buildModelReport(results)
        close(cost.totalUsd, 0.008)
        close(cost.perRequestUsd, 0.002)
        close(cost.per1kTokensUsd, 0.01) // 0.008 USD over 800 tokens
        close(cost.qualityPerDollar, quality.overall.value / 0.002)
    })

    it('has no quality per dollar for a free model', () => {
        const { cost } = buildModelReport(cases(repeat(5, true), { costUsd: 0 }))
        assert.equal(cost.totalUsd, 0)
        assert.equal(cost.qualityPerDollar, undefined)
    })

    it('recommends from the figures: weak category, too few cases, slow p95', () => {
        const results = [...cases(repeat(40, true), { latencyMs: 20_000 }), ...cases(repeat(20, false), { category: 'coding' })]
        const advice = buildModelReport(results).recommendations
        assert.ok(
            advice.some((a) => /^coding: score 0\.00 \(95% CI 0\.00–0\.\d\d, n = 20\) is below 0\.5.*route coding tasks/.test(a)),
            advice.join('\n')
        )
        assert.ok(
            advice.includes('Not enough cases for a reliable score (n < 30) in coding (n = 20): add cases to the suite.'),
            advice.join('\n')
        )
        assert.ok(
            advice.some((a) => /^p95 latency 20\.0 s is above 10\.0 s/.test(a)),
            advice.join('\n')
        )
    })

    it('gives no advice for a fast, reliable model with enough cases, and honours custom thresholds', () => {
        const results = cases(repeat(35, true))
        assert.deepEqual(buildModelReport(results).recommendations, [])
        assert.deepEqual(buildModelReport(results, { minReliableCases: 50 }).recommendations, [
            'Not enough cases for a reliable score (n < 50) in overall (n = 35), reasoning (n = 35): add cases to the suite.'
        ])
    })

    it('says nothing is known when every call failed', () => {
        const report = buildModelReport([result({ caseId: 'a', error: 'HTTP 401' })])
        assert.equal(report.quality.overall.n, 0)
        assert.equal(report.performance.errorRate.value, 1)
        assert.ok(report.recommendations.some((a) => a.startsWith('No call was graded')))
    })
})
