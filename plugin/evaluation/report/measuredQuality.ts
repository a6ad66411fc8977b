import type { EvaluationCategory, ModelReport } from '../types'
import { EvaluationReportError } from './errors'

/**
 * Measured mean score per model and category, in the shape of the router's `ModelProfile.quality`
 * (values in [0, 1]). Only categories with at least one graded case appear, so the router keeps its
 * configured quality where nothing was measured.
 *
 * @throws EvaluationReportError when two reports are about the same model (pass the reports of one run)
 */
export const measuredQuality = (reports: readonly ModelReport[]): Map<string, Partial<Record<EvaluationCategory, number>>> => {
    const byModel = new Map<string, Partial<Record<EvaluationCategory, number>>>()
    for (const report of reports) {
        if (byModel.has(report.model))
            throw new EvaluationReportError(`measuredQuality got two reports of model "${report.model}": pass one report per model`)
        const scores: Partial<Record<EvaluationCategory, number>> = {}
        for (const [category, scope] of Object.entries(report.quality.categories) as [
            EvaluationCategory,
            { score: { value: number; n: number } }
        ][])
            if (scope.score.n >= 1) scores[category] = scope.score.value
        byModel.set(report.model, scores)
    }
    return byModel
}
