import type { CapabilityCatalog } from '../capabilities/CapabilityCatalog'
import type { EvaluationService } from '../evaluation/EvaluationService'
import { chatflowIdOf, isFlowTarget } from '../evaluation/flows/flowTarget'
import { leaderboard, type LeaderboardRow } from '../evaluation/report/leaderboard'
import type { EvaluationScheduler } from '../evaluation/schedule/EvaluationScheduler'
import type { RunRecord } from '../evaluation/store/EvaluationStore'
import { EVALUATION_CATEGORIES, type CaseResult, type ComparisonRow, type Estimate, type ModelReport } from '../evaluation/types'
import type { RoutingSummary } from '../router/RoutingLog'
import { roundReportForPeople } from '../format/roundForPeople'

/** Completed runs the trend plots cover (most recent). */
export const TREND_RUNS = 30
/** Latest completed runs whose change against their previous run is shown. */
export const CHANGE_RUNS = 5
/** Latest flow evaluation runs shown. */
export const FLOW_RUNS = 10

export interface TrendPoint {
    readonly runId: string
    /** ms since the epoch (the run's start). */
    readonly at: number
    readonly score: Estimate
    readonly p50LatencyMs?: number
}

export interface ChangeRow extends ComparisonRow {
    readonly baselineRunId: string
    readonly candidateRunId: string
    readonly at: number
}

export interface FlowSummary {
    readonly chatflowId: string
    readonly name: string
    readonly score: Estimate
    readonly passRate: Estimate
    readonly p50LatencyMs?: number
    readonly totalUsd: number
    /** Mean model calls per answer; undefined when none was counted. */
    readonly providerCallsPerCase?: number
}

export interface DashboardData {
    readonly generatedAt: string
    readonly leaderboards: Readonly<Record<string, readonly LeaderboardRow[]>>
    readonly trends: Readonly<Record<string, readonly TrendPoint[]>>
    readonly changes: readonly ChangeRow[]
    readonly runs: readonly RunRecord[]
    readonly flows: readonly {
        readonly run: RunRecord
        readonly flows: readonly FlowSummary[]
        /** Each later flow of the run against its first flow. */
        readonly comparisons: readonly ComparisonRow[]
    }[]
    readonly routing: RoutingSummary
    readonly catalog?: {
        readonly total: number
        readonly byCategory: Readonly<Record<string, number>>
        readonly failures: readonly { readonly filePath: string; readonly message: string; readonly at: string }[]
    }
    readonly schedules: {
        readonly enabled: boolean
        readonly list: readonly { name: string; cron: string; timezone: string; next?: string }[]
    }
}

export interface DashboardSources {
    readonly service: EvaluationService
    readonly scheduler?: EvaluationScheduler
    readonly routing: () => RoutingSummary
    /** The catalog once built; undefined while it is being built. */
    readonly catalog: () => CapabilityCatalog | undefined
    /** A chatflow's name for the requesting user; undefined when they cannot see it. */
    readonly flowName: (chatflowId: string) => Promise<string | undefined>
}

const isFlowRun = (run: RunRecord) => run.models.length > 0 && run.models.every(isFlowTarget)

const byCategory = (catalog: CapabilityCatalog): Record<string, number> => {
    const counts: Record<string, number> = {}
    for (const entry of catalog.query()) counts[entry.category] = (counts[entry.category] ?? 0) + 1
    return counts
}

const meanOf = (values: readonly number[]): number | undefined =>
    values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length

const flowSummary = (report: ModelReport, results: readonly CaseResult[], name: string): FlowSummary => {
    const calls = results.filter((r) => r.model === report.model && r.providerCalls !== undefined).map((r) => r.providerCalls!)
    return {
        chatflowId: chatflowIdOf(report.model)!,
        name,
        score: report.quality.overall,
        passRate: report.quality.passRate,
        p50LatencyMs: report.performance.p50LatencyMs,
        totalUsd: report.cost.totalUsd,
        providerCallsPerCase: meanOf(calls)
    }
}

/**
 * Everything the page shows, from the evaluation service's own reports: leaderboards per
 * category (model runs only), trends per model over the latest completed runs, the significant
 * changes of the latest runs against their previous run, flow evaluations with their paired
 * comparisons, the router's recent decisions, the capability catalog and the schedules. Flows the
 * requesting user cannot see are left out.
 */
export const buildDashboardData = async (sources: DashboardSources): Promise<DashboardData> => {
    const { service } = sources
    const reports = await service.latestReports()
    const leaderboards = Object.fromEntries(
        (['overall', ...EVALUATION_CATEGORIES] as const).map((scope) => [scope, leaderboard(reports, scope)])
    )
    const runs = await service.listRuns(200)
    const completed = runs.filter((r) => r.status === 'completed')
    const modelRuns = completed.filter((r) => !isFlowRun(r))

    const trends: Record<string, TrendPoint[]> = {}
    for (const run of modelRuns.slice(0, TREND_RUNS).reverse()) {
        for (const report of (await service.report(run.id)).reports) {
            ;(trends[report.model] ??= []).push({
                runId: run.id,
                at: run.startedAt,
                score: report.quality.overall,
                p50LatencyMs: report.performance.p50LatencyMs
            })
        }
    }

    const changes: ChangeRow[] = []
    for (const run of modelRuns.slice(0, CHANGE_RUNS)) {
        const previous = modelRuns.find(
            (r) => r.startedAt < run.startedAt && r.suiteHash === run.suiteHash && r.models.some((m) => run.models.includes(m))
        )
        if (!previous) continue
        const comparison = await service.compare(previous.id, run.id)
        for (const row of comparison.rows)
            if (row.verdict === 'regression' || row.verdict === 'improvement')
                changes.push({ ...row, baselineRunId: previous.id, candidateRunId: run.id, at: run.startedAt })
    }

    const flows: DashboardData['flows'][number][] = []
    for (const run of runs.filter(isFlowRun).slice(0, FLOW_RUNS)) {
        const ids = run.models.map((m) => chatflowIdOf(m)!)
        const names = await Promise.all(ids.map((id) => sources.flowName(id)))
        if (names.some((n) => n === undefined)) continue
        const { reports: flowReports } = await service.report(run.id)
        const results = flowReports.length > 0 ? await service.resultsOf(run.id) : []
        const comparisons: ComparisonRow[] = []
        if (run.status === 'completed')
            for (const id of ids.slice(1)) comparisons.push(...(await service.compareFlows(run.id, ids[0], id)).rows)
        flows.push({
            run,
            flows: roundReportForPeople(
                flowReports.map((report) => flowSummary(report, results, names[ids.indexOf(chatflowIdOf(report.model)!)]!))
            ),
            comparisons: roundReportForPeople(comparisons)
        })
    }

    const catalog = sources.catalog()
    return {
        generatedAt: new Date().toISOString(),
        // Figures rounded for people; runs keep what users configured as they wrote it.
        leaderboards: roundReportForPeople(leaderboards),
        trends: roundReportForPeople(trends),
        changes: roundReportForPeople(changes),
        runs: runs.filter((r) => !isFlowRun(r)).slice(0, 20),
        flows,
        routing: sources.routing(),
        catalog: catalog && { total: catalog.size, byCategory: byCategory(catalog), failures: catalog.loadFailures() },
        schedules: { enabled: sources.scheduler !== undefined, list: sources.scheduler?.nextRuns() ?? [] }
    }
}
