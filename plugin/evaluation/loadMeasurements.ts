import type { ModelMeasurements } from '../router/ModelMeasurements'
import { isFlowTarget } from './flows/flowTarget'
import { buildModelReport } from './report/buildModelReport'
import type { EvaluationStore, RunRecord } from './store/EvaluationStore'
import type { ModelReport } from './types'

/** Puts one model's report of a completed run into the router's measurements. */
export const applyReport = (measurements: ModelMeasurements, run: RunRecord, report: ModelReport): void => {
    const quality: Record<string, number> = { general: report.quality.overall.value }
    for (const [category, scores] of Object.entries(report.quality.categories)) if (scores) quality[category] = scores.score.value
    measurements.set(report.model, {
        quality,
        latencyMs: report.performance.p50LatencyMs,
        runId: run.id,
        at: run.finishedAt ?? run.heartbeatAt
    })
}

/** Loads the latest completed measurement of every evaluated model into the router's measurements. */
export const loadMeasurements = async (store: EvaluationStore, measurements: ModelMeasurements): Promise<void> => {
    for (const [model, run] of await store.latestCompletedRuns()) {
        // A flow's figures are not a model's.
        if (isFlowTarget(model)) continue
        if (measurements.get(model)?.runId !== run.id) applyReport(measurements, run, buildModelReport(await store.results(run.id, model)))
    }
}
