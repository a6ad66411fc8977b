import { mean } from '../stats/simpleStatistics'
import { holmAdjust } from '../stats/holm'
import { mcnemarExactP } from '../stats/mcnemar'
import { DEFAULT_RESAMPLES, DEFAULT_SEED, pairedBootstrap } from '../stats/pairedBootstrap'
import {
    EVALUATION_CATEGORIES,
    type CaseResult,
    type Comparison,
    type ComparisonRow,
    type EvaluationCategory,
    type CaseCategory
} from '../types'
import { distinct, EvaluationReportError, requireSingle } from './errors'
import { pairCases, type CasePair, type PairedCases } from './pairCases'
import { decideVerdict, type VerdictThresholds } from './verdict'

export interface ComparisonOptions extends Partial<VerdictThresholds> {
    /** Per-case pass rate (over repeats) from which a case counts as passed in McNemar's test (0.5). */
    readonly passThreshold?: number
    /** Paired-bootstrap resamples per row (2,000). */
    readonly resamples?: number
    /** Seed of the bootstrap; each row derives its own from it and its model and scope. */
    readonly seed?: string
}

const DEFAULTS = {
    alpha: 0.05,
    practicalThreshold: 0.05,
    minPairedCases: 10,
    passThreshold: 0.5,
    resamples: DEFAULT_RESAMPLES,
    seed: DEFAULT_SEED
}

/** One model's two sides to compare, under the name its rows carry. */
interface Side {
    readonly label: string
    readonly baseline: readonly CaseResult[]
    readonly candidate: readonly CaseResult[]
}

type Scope = EvaluationCategory | 'overall'
type Untested = Omit<ComparisonRow, 'adjustedP' | 'verdict' | 'reason'>

const scopesOf = (paired: PairedCases): Scope[] => {
    const present = new Set<string>([...paired.pairs, ...paired.excluded].map((c) => c.category))
    return ['overall', ...EVALUATION_CATEGORIES.filter((c) => present.has(c))]
}

const testScope = (label: string, scope: Scope, paired: PairedCases, o: typeof DEFAULTS): Untested => {
    const inScope = <T extends { category: CaseCategory }>(c: T) => scope === 'overall' || c.category === scope
    const pairs: readonly CasePair[] = paired.pairs.filter(inScope)
    const excludedCases = paired.excluded.filter(inScope).length
    if (pairs.length === 0) {
        const nan = Number.NaN
        return {
            model: label,
            scope,
            pairedCases: 0,
            excludedCases,
            baselinePassRate: nan,
            candidatePassRate: nan,
            baselineScore: nan,
            candidateScore: nan,
            scoreDelta: { value: nan, low: nan, high: nan, n: 0 },
            mcnemarP: 1,
            bootstrapP: 1
        }
    }
    const passed = (rate: number) => rate >= o.passThreshold
    const onlyBaseline = pairs.filter((p) => passed(p.baselinePassRate) && !passed(p.candidatePassRate)).length
    const onlyCandidate = pairs.filter((p) => !passed(p.baselinePassRate) && passed(p.candidatePassRate)).length
    const bootstrap = pairedBootstrap(
        pairs.map((p) => p.candidateScore - p.baselineScore),
        { resamples: o.resamples, seed: `${o.seed}:${label}:${scope}` }
    )
    return {
        model: label,
        scope,
        pairedCases: pairs.length,
        excludedCases,
        baselinePassRate: mean(pairs.map((p) => p.baselinePassRate)),
        candidatePassRate: mean(pairs.map((p) => p.candidatePassRate)),
        baselineScore: mean(pairs.map((p) => p.baselineScore)),
        candidateScore: mean(pairs.map((p) => p.candidateScore)),
        scoreDelta: { value: bootstrap.meanDifference, low: bootstrap.low, high: bootstrap.high, n: pairs.length },
        mcnemarP: mcnemarExactP(onlyBaseline, onlyCandidate),
        bootstrapP: bootstrap.p
    }
}

/**
 * Tests every (side, scope) row, then corrects for their number: Holm over all 2 × rows p-values
 * (McNemar's and the bootstrap's of every row form one family), a row's adjusted p-value being the
 * smaller of its two. A row is thus flagged when either test rejects within a family-wise error
 * rate of alpha, whichever test fits the change (a pass/fail flip or a shift of partial scores).
 */
const compareSides = (baselineRunId: string, candidateRunId: string, sides: readonly Side[], options: ComparisonOptions): Comparison => {
    const o = { ...DEFAULTS, ...options }
    const untested = sides.flatMap((side) => {
        const paired = pairCases(side.baseline, side.candidate)
        return scopesOf(paired).map((scope) => testScope(side.label, scope, paired, o))
    })
    const adjusted = holmAdjust(untested.flatMap((row) => [row.mcnemarP, row.bootstrapP]))
    const rows = untested.map((row, i): ComparisonRow => {
        const withP = { ...row, adjustedP: Math.min(adjusted[2 * i], adjusted[2 * i + 1]) }
        return { ...withP, ...decideVerdict(withP, o) }
    })
    return { baselineRunId, candidateRunId, rows, regressions: rows.filter((r) => r.verdict === 'regression') }
}

/**
 * Compares a candidate run with a baseline run of the same suite, per model present in both and
 * per scope (`overall`, then each category either run has), on cases paired by id.
 *
 * Per case, repeats are averaged; a case counts as passed for McNemar's exact test when its pass
 * rate is at least `passThreshold` (0.5, a majority of repeats; ties count as passed); scores are
 * compared by a seeded paired bootstrap of the mean difference. The rows' pass rates and scores
 * are means over the paired cases only, so both sides describe the same cases. Cases in which a call failed in either run are left out and counted in
 * `excludedCases`. Verdicts follow {@link decideVerdict} after Holm's correction over all rows.
 * Rows whose every case was left out carry NaN figures and `insufficient-data`.
 *
 * @throws EvaluationReportError when a side is empty or holds several runs, or the runs share no model
 */
export const compareRuns = (
    baseline: readonly CaseResult[],
    candidate: readonly CaseResult[],
    options: ComparisonOptions = {}
): Comparison => {
    const baselineRunId = requireSingle(baseline, (r) => r.runId, 'run', 'compareRuns (baseline)')
    const candidateRunId = requireSingle(candidate, (r) => r.runId, 'run', 'compareRuns (candidate)')
    const candidateModels = new Set(candidate.map((r) => r.model))
    const models = distinct(baseline, (r) => r.model).filter((m) => candidateModels.has(m))
    if (models.length === 0)
        throw new EvaluationReportError(
            `runs "${baselineRunId}" and "${candidateRunId}" have no model in common: use compareModels to compare different models`
        )
    const sides = models.map((model) => ({
        label: model,
        baseline: baseline.filter((r) => r.model === model),
        candidate: candidate.filter((r) => r.model === model)
    }))
    return compareSides(baselineRunId, candidateRunId, sides, options)
}

/**
 * Compares two models on the cases of one run, pairing each case's answers across the models.
 * Rows are labelled `"<candidate> vs <baseline>"`, so that they cannot be mistaken for a
 * run-to-run row of either model. Same tests, correction and verdicts as {@link compareRuns}.
 *
 * @throws EvaluationReportError when the results hold several runs or lack either model
 */
export const compareModels = (
    results: readonly CaseResult[],
    baselineModel: string,
    candidateModel: string,
    options: ComparisonOptions = {}
): Comparison => {
    if (baselineModel === candidateModel)
        throw new EvaluationReportError(`compareModels: baseline and candidate are both "${baselineModel}"; name two different models`)
    const runId = requireSingle(results, (r) => r.runId, 'run', 'compareModels')
    const of = (model: string) => {
        const own = results.filter((r) => r.model === model)
        if (own.length === 0)
            throw new EvaluationReportError(
                `compareModels: run "${runId}" has no results of model "${model}"; it has ${distinct(results, (r) => r.model).join(', ')}`
            )
        return own
    }
    const side = { label: `${candidateModel} vs ${baselineModel}`, baseline: of(baselineModel), candidate: of(candidateModel) }
    return compareSides(runId, runId, [side], options)
}

/** The rows of a comparison whose verdict is `improvement` (its regressions are `comparison.regressions`). */
export const improvementsOf = (comparison: Comparison): ComparisonRow[] => comparison.rows.filter((row) => row.verdict === 'improvement')
