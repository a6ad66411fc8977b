import seedrandom from 'seedrandom'
import { buildModelReport } from '../plugin/evaluation/report/buildModelReport'
import { compareRuns } from '../plugin/evaluation/report/compareRuns'
import { EVALUATION_CATEGORIES, type CaseResult } from '../plugin/evaluation/types'
import { median } from './stats'

/** A run of `models` × `cases` (spread over the categories), one repeat each, with seeded scores. */
const syntheticRun = (runId: string, models: number, cases: number, seed: string): CaseResult[] => {
    const random = seedrandom.alea(seed)
    return Array.from({ length: models }, (_, m) =>
        Array.from({ length: cases }, (_, c): CaseResult => {
            const score = Math.min(1, Math.max(0, 0.7 + (random() - 0.5) * 0.6))
            return {
                runId,
                model: `model-${m}`,
                caseId: `case-${c}`,
                category: EVALUATION_CATEGORIES[c % EVALUATION_CATEGORIES.length],
                repeat: 0,
                assertions: [],
                pass: score >= 0.7,
                score,
                latencyMs: 500 + random() * 2000,
                ttftMs: 150,
                inputTokens: 300,
                outputTokens: 120,
                costUsd: 0.0004,
                at: 0
            }
        })
    ).flat()
}

/**
 * Median time (ms) of `compareRuns` between two runs of `models` × `cases` with `resamples`
 * bootstrap resamples per row, and of building the reports of one run.
 */
export const timeEvaluationStats = (
    models = 5,
    cases = 100,
    resamples = 2_000,
    rounds = 15
): { compareMs: number; reportsMs: number; rows: number } => {
    const baseline = syntheticRun('baseline', models, cases, 'baseline')
    const candidate = syntheticRun('candidate', models, cases, 'candidate')
    const compareTimes: number[] = []
    const reportTimes: number[] = []
    let rows = 0
    for (let r = 0; r < rounds; r++) {
        const start = performance.now()
        rows = compareRuns(baseline, candidate, { resamples }).rows.length
        compareTimes.push(performance.now() - start)
        const reportStart = performance.now()
        for (let m = 0; m < models; m++) buildModelReport(baseline.filter((result) => result.model === `model-${m}`))
        reportTimes.push(performance.now() - reportStart)
    }
    return { compareMs: median(compareTimes), reportsMs: median(reportTimes), rows }
}
