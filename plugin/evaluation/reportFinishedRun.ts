import { isFlowTarget } from './flows/flowTarget'
import { improvementsOf } from './report/compareRuns'
import type { OrquestaMetrics } from '../observability/metrics'
import type { Tracer } from '../observability/tracing/Tracer'
import type { FinishedRun } from './EvaluationService'

/** The scores of a finished run per model and scope (`overall` and each category), with their n. */
const scoresOf = ({ reports }: FinishedRun) =>
    reports.flatMap((report) => [
        { model: report.model, category: 'overall', score: report.quality.overall.value, n: report.quality.overall.n },
        ...Object.entries(report.quality.categories).flatMap(([category, scores]) =>
            scores && scores.score.n > 0 ? [{ model: report.model, category, score: scores.score.value, n: scores.score.n }] : []
        )
    ])

/** Reports a finished evaluation run to Prometheus (runs, scores, regressions, last success) and to the tracing backends. */
export const reportFinishedRun = (finished: FinishedRun, metrics: OrquestaMetrics, tracer: Tracer): void => {
    const { run } = finished
    const status = run.status === 'running' ? 'incomplete' : run.status
    const scores = scoresOf(finished).filter((s) => Number.isFinite(s.score))
    const finishedAt = run.finishedAt ?? Date.now()
    // A run's models were checked against the proxy's list when it started: a bounded label set.
    // Flows (chatflow ids, user data) are no model label: their runs count, their scores are traced only.
    const ofModels = <T extends { model: string }>(rows: readonly T[]) => rows.filter((row) => !isFlowTarget(row.model))
    metrics.setKnownModels(run.models.filter((model) => !isFlowTarget(model)))
    metrics.recordEvaluationRun({
        trigger: run.trigger,
        status,
        scores: ofModels(scores),
        regressions: ofModels(finished.comparisons.flatMap((c) => c.regressions.map((row) => ({ model: row.model, category: row.scope })))),
        improvements: ofModels(
            finished.comparisons.flatMap((c) => improvementsOf(c).map((row) => ({ model: row.model, category: row.scope })))
        ),
        finishedAt
    })
    tracer.traceEvaluationRun({
        runId: run.id,
        suite: run.suiteName,
        trigger: run.trigger,
        models: run.models,
        startedAt: run.startedAt,
        finishedAt,
        status,
        scores
    })
}
