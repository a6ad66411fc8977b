import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareModels, compareRuns } from '../../../../plugin/evaluation/report/compareRuns'
import { EvaluationReportError } from '../../../../plugin/evaluation/report/errors'
import type { CaseResult, ComparisonRow } from '../../../../plugin/evaluation/types'
import { cases, repeat, result } from './caseResults'

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`)

const rowOf = (rows: readonly ComparisonRow[], model: string, scope: ComparisonRow['scope']): ComparisonRow => {
    const row = rows.find((r) => r.model === model && r.scope === scope)
    assert.ok(row, `no row for ${model} ${scope}`)
    return row
}

/** Two models × two categories of 12 cases, all passing. */
const baselineRun = (): CaseResult[] =>
    ['model-a', 'model-b'].flatMap((model) =>
        (['coding', 'reasoning'] as const).flatMap((category) => cases(repeat(12, true), { model, category, runId: 'base' }))
    )

describe('compareRuns', () => {
    it('flags a 12-of-12 flip of one category of one of two models as a regression, and nothing else', () => {
        const candidate = baselineRun().map((r) =>
            r.model === 'model-a' && r.category === 'coding' ? { ...r, runId: 'cand', pass: false, score: 0 } : { ...r, runId: 'cand' }
        )
        const comparison = compareRuns(baselineRun(), candidate)
        assert.equal(comparison.baselineRunId, 'base')
        assert.equal(comparison.candidateRunId, 'cand')
        assert.equal(comparison.rows.length, 6)
        const coding = rowOf(comparison.rows, 'model-a', 'coding')
        assert.equal(coding.verdict, 'regression')
        assert.equal(coding.pairedCases, 12)
        close(coding.mcnemarP, 2 / 4096)
        assert.ok(coding.adjustedP < 0.05 && coding.adjustedP >= coding.mcnemarP)
        assert.equal(coding.scoreDelta.value, -1)
        assert.match(
            coding.reason,
            /^model-a coding: regression, score 1\.000 → 0\.000 \(−1\.000.*pass rate 100% → 0%, over 12 paired cases; adjusted p = .* < 0\.05/
        )
        assert.deepEqual(
            comparison.regressions.map((r) => `${r.model} ${r.scope}`),
            ['model-a overall', 'model-a coding']
        )
        for (const row of comparison.rows.filter((r) => r.model === 'model-b')) assert.equal(row.verdict, 'no-significant-change')
    })

    it('does not flag 3 flips among 30 cases', () => {
        const baseline = cases(repeat(30, true), { runId: 'base' })
        const candidate = cases([...repeat(3, false), ...repeat(27, true)], { runId: 'cand' })
        const row = rowOf(compareRuns(baseline, candidate).rows, 'model-a', 'overall')
        assert.equal(row.verdict, 'no-significant-change')
        close(row.mcnemarP, 0.25)
        assert.match(row.reason, /not significant \(adjusted p = .* ≥ 0\.05\)/)
    })

    it('says insufficient data below the minimum of paired cases, however large the change', () => {
        const baseline = cases(repeat(5, true), { runId: 'base' })
        const candidate = cases(repeat(5, false), { runId: 'cand' })
        const row = compareRuns(baseline, candidate).rows[0]
        assert.equal(row.verdict, 'insufficient-data')
        assert.match(row.reason, /insufficient data, 5 paired cases \(at least 10 needed\)/)
        // The minimum is what guards against the bootstrap on a handful of identical drops: it finds p = 1/2001.
        assert.equal(compareRuns(baseline, candidate, { minPairedCases: 5 }).rows[0].verdict, 'regression')
        const twelve = compareRuns(cases(repeat(12, true), { runId: 'base' }), cases(repeat(12, false), { runId: 'cand' }), {
            minPairedCases: 20
        })
        assert.equal(twelve.rows[0].verdict, 'insufficient-data')
    })

    it('does not count failed calls as failures: their cases leave the pairing and are counted', () => {
        const baseline = cases(repeat(30, true), { runId: 'base' })
        const candidate = baseline.map((r, i) =>
            i < 8 ? result({ caseId: r.caseId, runId: 'cand', error: 'HTTP 429' }) : { ...r, runId: 'cand' }
        )
        const row = compareRuns(baseline, candidate).rows[0]
        assert.equal(row.verdict, 'no-significant-change')
        assert.equal(row.pairedCases, 22)
        assert.equal(row.excludedCases, 8)
        assert.equal(row.candidatePassRate, 1)
        assert.match(row.reason, /8 more left out because a call failed/)
    })

    it('calls a consistent large rise an improvement', () => {
        const baseline = cases(repeat(15, false), { runId: 'base' })
        const candidate = cases(repeat(15, true), { runId: 'cand' })
        const comparison = compareRuns(baseline, candidate)
        assert.equal(comparison.rows[0].verdict, 'improvement')
        assert.deepEqual(comparison.regressions, [])
    })

    it('does not flag a significant drop smaller than the practical threshold', () => {
        const scores = Array.from({ length: 40 }, (_, i) => 0.5 + (i % 8) * 0.05)
        const baseline = scores.map((score, i) => result({ caseId: `c${i}`, runId: 'base', score, pass: score >= 0.6 }))
        const candidate = scores.map((score, i) => result({ caseId: `c${i}`, runId: 'cand', score: score - 0.03, pass: score >= 0.6 }))
        const row = compareRuns(baseline, candidate).rows[0]
        assert.ok(row.bootstrapP < 0.01)
        assert.equal(row.verdict, 'no-significant-change')
        assert.match(row.reason, /significant \(adjusted p = .* < 0\.05\) but smaller than the practical threshold 0\.05/)
        assert.equal(compareRuns(baseline, candidate, { practicalThreshold: 0.02 }).rows[0].verdict, 'regression')
    })

    it('averages repeats per case and counts a case as passed from a pass rate of 0.5', () => {
        const perCase = (runId: string, passes: boolean[]) =>
            Array.from({ length: 12 }, (_, c) =>
                passes.map((pass, r) => result({ caseId: `c${c}`, repeat: r, runId, pass, score: pass ? 1 : 0 }))
            ).flat()
        const row = compareRuns(perCase('base', [true, true, false, false]), perCase('cand', [true, false, false, false])).rows[0]
        assert.equal(row.pairedCases, 12)
        assert.equal(row.baselinePassRate, 0.5)
        assert.equal(row.candidatePassRate, 0.25)
        close(row.mcnemarP, 2 / 4096) // every case flips from passed (0.5) to failed (0.25)
        assert.equal(row.verdict, 'regression')
    })

    it('is reproducible, and applies Holm over all rows', () => {
        const baseline = baselineRun()
        const candidate = baseline.map((r, i) => ({ ...r, runId: 'cand', score: i % 3 === 0 ? 0.5 : 1, pass: i % 3 !== 0 }))
        const first = compareRuns(baseline, candidate)
        assert.deepEqual(compareRuns(baseline, candidate), first)
        const smallest = Math.min(...first.rows.flatMap((r) => [r.mcnemarP, r.bootstrapP]))
        assert.ok(Math.min(...first.rows.map((r) => r.adjustedP)) >= Math.min(1, smallest * 12) - 1e-12)
    })

    it('refuses sides that mix runs or share no model', () => {
        const mixed = [...cases([true], { runId: 'r1' }), ...cases([true], { runId: 'r2' })]
        assert.throws(() => compareRuns(mixed, cases([true])), /takes the results of one run, got 2: "r1", "r2"/)
        assert.throws(
            () => compareRuns(cases([true]), cases([true], { model: 'other' })),
            (e: unknown) => e instanceof EvaluationReportError && /compareModels/.test(e.message)
        )
        assert.throws(
            () => compareRuns(cases([true]), [result({ caseId: 'reasoning-0', category: 'coding' })]),
            /the suite changed between the runs/
        )
    })
})

describe('compareModels', () => {
    it('pairs the cases of two models in one run under a "candidate vs baseline" label', () => {
        const results = [
            ...cases(repeat(20, true), { model: 'big' }),
            ...cases([...repeat(14, false), ...repeat(6, true)], { model: 'small' })
        ]
        const comparison = compareModels(results, 'big', 'small')
        assert.equal(comparison.baselineRunId, 'run-1')
        assert.equal(comparison.candidateRunId, 'run-1')
        const row = rowOf(comparison.rows, 'small vs big', 'overall')
        assert.equal(row.pairedCases, 20)
        assert.equal(row.verdict, 'regression')
        assert.equal(comparison.regressions.length, 2) // overall and reasoning
    })

    it('refuses an absent model, the same model twice, and several runs', () => {
        const results = cases(repeat(3, true), { model: 'big' })
        assert.throws(() => compareModels(results, 'big', 'tiny'), /no results of model "tiny"; it has big/)
        assert.throws(() => compareModels(results, 'big', 'big'), EvaluationReportError)
        assert.throws(() => compareModels([...results, ...cases([true], { model: 'small', runId: 'r2' })], 'big', 'small'), /one run/)
    })
})
