import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { ProxyEndpoint } from '../litellm/LiteLLMClient'
import type { ModelMeasurements } from '../router/ModelMeasurements'
import type { ModelProfile } from '../router/types'
import type { EvaluationAlerter } from './alerts/EvaluationAlerter'
import { callsOf, checkRunStart, estimateRunCostUsd, startOfUtcDay, usd, type CostLimits } from './costGuard'
import { applyReport, loadMeasurements } from './loadMeasurements'
import { buildModelReport } from './report/buildModelReport'
import { compareModels, compareRuns } from './report/compareRuns'
import { EvaluationReportError } from './report/errors'
import { isFlowTarget, flowTarget } from './flows/flowTarget'
import { executeRun, type Asker, type Grader } from './runner/executeRun'
import type { Slot } from './schedule/EvaluationScheduler'
import type { EvaluationStore, RunRecord } from './store/EvaluationStore'
import type { CaseResult, Comparison, EvaluationSuite, ModelReport } from './types'

/** A model name the proxy does not serve, or no model at all. */
export class EvaluationRequestError extends Error {
    constructor(
        message: string,
        /** The HTTP status that fits, when known where the error is made. */
        readonly status?: number
    ) {
        super(message)
        this.name = 'EvaluationRequestError'
    }
}

/** What one finished run produced, for metrics, traces and callers waiting on it. */
export interface FinishedRun {
    readonly run: RunRecord
    readonly reports: readonly ModelReport[]
    /** One comparison per model that had an earlier completed run of the same suite. */
    readonly comparisons: readonly Comparison[]
}

export interface EvaluationServiceOptions {
    readonly store: EvaluationStore
    readonly endpoint: ProxyEndpoint
    /** The models the proxy serves now (prices, names). */
    readonly profiles: () => Promise<readonly ModelProfile[]>
    /** The configured suite (a suite file, or the built-in default suite). */
    readonly defaultSuite: () => Promise<EvaluationSuite>
    /** Grades answers to a suite's cases (its assertions, with its pinned judge). */
    readonly graderFor: (suite: EvaluationSuite) => Grader
    readonly measurements: ModelMeasurements
    readonly alerter: EvaluationAlerter
    readonly concurrency: number
    readonly callTimeoutMs: number
    /** Caps on runs, calls and the daily spend. */
    readonly limits: CostLimits
    readonly comparison: { readonly minPairedCases: number; readonly practicalThreshold: number }
    /** Asks a flow a case inside the host; flow evaluations are refused without it. */
    readonly askFlow?: Asker
    /** Called after every run that ends (completed, failed or stopped). */
    readonly onFinished?: (finished: FinishedRun) => void
    readonly log: { info(message: string): void; warn(message: string): void; error(message: string): void }
    readonly clock?: () => number
}

export interface StartRunRequest {
    /** The suite to run; the configured one when absent. */
    readonly suite?: EvaluationSuite
    /** Models to evaluate; every model the proxy serves when empty (and no flows are given). */
    readonly models?: readonly string[]
    /** Chatflow ids to evaluate instead of models (checked by the caller for the user's access). */
    readonly flows?: readonly string[]
    readonly trigger?: string
    readonly slotKey?: string
}

/** A run that has been recorded and is executing (or waiting for the one before it). */
export interface StartedRun {
    readonly run: RunRecord
    /** Resolves when the run has ended. */
    readonly finished: Promise<FinishedRun>
}

/** The finished run when it ends within `ms`; undefined otherwise (the run goes on). */
export const finishedWithin = (started: StartedRun, ms: number): Promise<FinishedRun | undefined> =>
    Promise.race([started.finished, delay(ms, undefined, { ref: false })])

/** One report per model of a run that has results, from the run's results. */
const reportsOf = (run: RunRecord, results: readonly CaseResult[]): ModelReport[] =>
    run.models
        .map((model) => results.filter((r) => r.model === model))
        .filter((modelResults) => modelResults.length > 0)
        .map((modelResults) => buildModelReport(modelResults))

/**
 * Starts, resumes and reports evaluation runs. Runs execute one at a time per process; after
 * each, every model is compared with its previous completed run of the same suite, significant
 * changes are announced, and the router's measurements are replaced by the new ones.
 */
export class EvaluationService {
    private queue: Promise<unknown> = Promise.resolve()
    private readonly abort = new AbortController()
    /** Runs this process holds, queued or executing. */
    private readonly live = new Set<string>()

    constructor(private readonly options: EvaluationServiceOptions) {}

    /**
     * Records a new run and queues it. Resolves to undefined when `slotKey` is already taken
     * (another replica or an earlier start ran that slot).
     */
    async start(request: StartRunRequest = {}): Promise<StartedRun | undefined> {
        const suite = request.suite ?? (await this.options.defaultSuite())
        const flows = request.flows ?? []
        if (flows.length > 0 && !this.options.askFlow)
            throw new EvaluationRequestError('Flow evaluations run only inside the Flowise server')
        if (flows.length > 0 && (request.models?.length ?? 0) > 0)
            throw new EvaluationRequestError('A run evaluates either models or flows: give "models" or "flows", not both')
        // A flow's price is known only once it has run: the calls and daily-budget limits still apply.
        const profiles = flows.length > 0 ? [] : await this.options.profiles()
        const models = flows.length > 0 ? [...new Set(flows)].map(flowTarget) : this.resolveModels(profiles, request.models)
        const refusal = checkRunStart(this.options.limits, {
            calls: callsOf(suite, models),
            activeRuns: await this.options.store.countRunning(),
            spentTodayUsd: await this.spentToday(),
            estimateUsd: estimateRunCostUsd(suite, models, (name) => profiles.find((p) => p.name === name))
        })
        if (refusal) throw refusal
        const run = await this.options.store.createRun({
            id: randomUUID(),
            suite,
            trigger: request.trigger ?? 'manual',
            slotKey: request.slotKey,
            models,
            startedAt: this.now()
        })
        if (!run) return undefined
        return { run, finished: this.enqueue(run, suite) }
    }

    /** Continues an incomplete or failed run where it stopped. */
    async resume(runId: string): Promise<StartedRun> {
        const { store } = this.options
        const run = await store.getRun(runId)
        const suite = await store.runSuite(runId)
        if (!run || !suite) throw new EvaluationRequestError(`No evaluation run ${runId}`)
        if (run.status === 'completed' || run.status === 'running') {
            throw new EvaluationRequestError(`Run ${runId} is ${run.status}; only incomplete or failed runs can be resumed`)
        }
        const refusal = checkRunStart(this.options.limits, {
            calls: 0,
            activeRuns: await store.countRunning(),
            spentTodayUsd: await this.spentToday(),
            estimateUsd: 0
        })
        if (refusal) throw refusal
        await store.reopenRun(runId, this.now())
        const reopened = (await store.getRun(runId))!
        return { run: reopened, finished: this.enqueue(reopened, suite) }
    }

    /** The work of one schedule slot: a daily, weekly, new-models or flows evaluation. */
    async runSlot(slot: Slot, primaryModels: readonly string[], flows: readonly string[] = []): Promise<void> {
        if (slot.schedule.name === 'flows') {
            const started = await this.start({ flows, trigger: 'flows', slotKey: slot.key })
            if (started) await started.finished
            return
        }
        const models = slot.schedule.name === 'daily' ? primaryModels : slot.schedule.name === 'weekly' ? [] : await this.newModels()
        if (slot.schedule.name === 'new-models' && models.length === 0) return
        const started = await this.start({ models, trigger: slot.schedule.name, slotKey: slot.key })
        if (started) await started.finished
    }

    /** Runs, newest first. */
    listRuns(limit?: number): Promise<RunRecord[]> {
        return this.options.store.listRuns({ limit })
    }

    /** Per-model reports of a run. */
    async report(runId: string): Promise<{ run: RunRecord; reports: ModelReport[] }> {
        const run = await this.options.store.getRun(runId)
        if (!run) throw new EvaluationRequestError(`No evaluation run ${runId}`)
        return { run, reports: reportsOf(run, await this.options.store.results(runId)) }
    }

    /** A run's per-case results. */
    resultsOf(runId: string): Promise<CaseResult[]> {
        return this.options.store.results(runId)
    }

    /** A paired comparison of two runs on the cases and models they share. */
    async compare(baselineRunId: string, candidateRunId: string): Promise<Comparison> {
        const [baseline, candidate] = await Promise.all([
            this.options.store.results(baselineRunId),
            this.options.store.results(candidateRunId)
        ])
        if (baseline.length === 0) throw new EvaluationRequestError(`Run ${baselineRunId} has no results`)
        if (candidate.length === 0) throw new EvaluationRequestError(`Run ${candidateRunId} has no results`)
        return compareRuns(baseline, candidate, this.options.comparison)
    }

    /**
     * Two flows of one run compared on the cases they both answered (paired: McNemar, bootstrap,
     * Holm), e.g. an optimized flow against its original, or a router against a fixed model.
     */
    async compareFlows(runId: string, baselineChatflowId: string, candidateChatflowId: string): Promise<Comparison> {
        const results = await this.options.store.results(runId)
        if (results.length === 0) throw new EvaluationRequestError(`No evaluation run ${runId} with results`)
        try {
            return compareModels(results, flowTarget(baselineChatflowId), flowTarget(candidateChatflowId), this.options.comparison)
        } catch (error) {
            if (error instanceof EvaluationReportError) throw new EvaluationRequestError(error.message)
            throw error
        }
    }

    /** The latest completed report of every model that has one (flows are not models: their runs are compared, not ranked). */
    async latestReports(): Promise<ModelReport[]> {
        const reports: ModelReport[] = []
        const latest = [...(await this.options.store.latestCompletedRuns())]
            .filter(([model]) => !isFlowTarget(model))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        for (const [model, run] of latest) reports.push(buildModelReport(await this.options.store.results(run.id, model)))
        return reports
    }

    /** Loads the latest measurements of every evaluated model into the router (at start). */
    loadMeasurements(): Promise<void> {
        return loadMeasurements(this.options.store, this.options.measurements)
    }

    /** The ids of the runs this process holds (queued or executing), for their heartbeats. */
    liveRuns(): string[] {
        return [...this.live]
    }

    /** Stops the executing run between calls (it is recorded as incomplete) and waits for it. */
    async stop(): Promise<void> {
        this.abort.abort()
        await this.queue.catch(() => undefined)
    }

    private enqueue(run: RunRecord, suite: EvaluationSuite): Promise<FinishedRun> {
        this.live.add(run.id)
        const finished = this.queue
            .catch(() => undefined)
            .then(() => this.execute(run, suite))
            .finally(() => this.live.delete(run.id))
        this.queue = finished
        return finished
    }

    private async execute(run: RunRecord, suite: EvaluationSuite): Promise<FinishedRun> {
        const { store, log } = this.options
        const profiles = new Map((await this.options.profiles().catch(() => [])).map((p) => [p.name, p]))
        log.info(`[orquesta] evaluation run ${run.id} (${run.trigger}): suite ${suite.name}, models ${run.models.join(', ')}`)
        const budget = this.options.limits.dailyBudgetUsd
        const spentBefore = await this.spentToday()
        let spentByRun = 0
        const outcome = await executeRun(run, suite, {
            ask: run.models.some(isFlowTarget) ? this.options.askFlow : undefined,
            onResult: (result) => (spentByRun += result.costUsd ?? result.proxyCostUsd ?? 0),
            stopReason: () =>
                budget !== undefined && spentBefore + spentByRun >= budget
                    ? `stopped over budget: evaluations spent ${usd(spentBefore + spentByRun)} today, the daily budget is ${usd(budget)} (ORQUESTA_EVAL_DAILY_BUDGET_USD)`
                    : undefined,
            store,
            endpoint: this.options.endpoint,
            grade: this.options.graderFor(suite),
            profile: (model) => profiles.get(model),
            concurrency: this.options.concurrency,
            timeoutMs: this.options.callTimeoutMs,
            signal: this.abort.signal,
            clock: this.options.clock
        })
        const ended = (await store.getRun(run.id))!
        const results = await store.results(run.id)
        const reports = reportsOf(ended, results)
        const comparisons = outcome.status === 'completed' ? await this.compareWithPrevious(ended, results) : []
        // A flow's figures are not a model's: only model reports steer the router.
        if (outcome.status === 'completed')
            for (const report of reports) if (!isFlowTarget(report.model)) applyReport(this.options.measurements, ended, report)
        for (const comparison of comparisons) await this.options.alerter.alert(comparison, ended.suiteName)
        log.info(`[orquesta] evaluation run ${run.id} ${outcome.status}: ${ended.recordedResults}/${ended.expectedResults} results`)
        const finished = { run: ended, reports, comparisons }
        this.options.onFinished?.(finished)
        return finished
    }

    /** Compares each model of `run` (whose `results` are given) with its previous completed run of the same suite. */
    private async compareWithPrevious(run: RunRecord, results: readonly CaseResult[]): Promise<Comparison[]> {
        const comparisons: Comparison[] = []
        for (const model of run.models) {
            const baseline = await this.options.store.latestCompletedRun(model, { suiteHash: run.suiteHash, before: run.startedAt })
            if (!baseline) continue
            const before = await this.options.store.results(baseline.id, model)
            const after = results.filter((r) => r.model === model)
            comparisons.push(compareRuns(before, after, this.options.comparison))
        }
        return comparisons
    }

    /** What evaluation results recorded since the start of the UTC day cost (USD); 0 without a budget. */
    private async spentToday(): Promise<number> {
        if (this.options.limits.dailyBudgetUsd === undefined) return 0
        return this.options.store.costSince(startOfUtcDay(this.now()))
    }

    private resolveModels(profiles: readonly ModelProfile[], requested: readonly string[] = []): string[] {
        const served = profiles.map((p) => p.name)
        if (requested.length === 0) {
            if (served.length === 0) throw new EvaluationRequestError('The LiteLLM proxy serves no chat models to evaluate')
            return served
        }
        const unknown = requested.filter((m) => !served.includes(m))
        if (unknown.length > 0) {
            throw new EvaluationRequestError(
                `Unknown model(s) ${unknown.join(', ')}: the LiteLLM proxy serves ${served.join(', ') || 'no models'}`
            )
        }
        return [...new Set(requested)]
    }

    /** Models the proxy serves that no completed run has evaluated; marks the ones it dropped as removed. */
    private async newModels(): Promise<string[]> {
        const { store } = this.options
        const served = (await this.options.profiles()).map((p) => p.name)
        const known = await store.knownModels()
        const now = this.now()
        await store.markModelsSeen(served, now)
        await store.markModelsRemoved(
            known.filter((k) => k.removedAt === undefined && !served.includes(k.model)).map((k) => k.model),
            now
        )
        const evaluated = await store.latestCompletedRuns()
        return served.filter((model) => !evaluated.has(model))
    }

    private now(): number {
        return (this.options.clock ?? Date.now)()
    }
}
