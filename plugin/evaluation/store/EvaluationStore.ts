import type { AssertionResult, CaseResult, EvaluationCategory, EvaluationSuite } from '../types'
import { SCHEMA_STATEMENTS } from './schema'
import type { SqlDatabase } from './SqlDatabase'

/** Where a run stands. `incomplete`: its process stopped before it finished (it can be resumed). */
export type RunStatus = 'running' | 'completed' | 'failed' | 'incomplete'

/** One evaluation run as stored. */
export interface RunRecord {
    readonly id: string
    readonly suiteName: string
    readonly suiteHash: string
    /** What started it: a schedule's name (`daily`, `weekly`, `new-models`) or `manual`. */
    readonly trigger: string
    /** The schedule slot it ran for (`daily@2026-11-25T02:00:00.000Z`); unique, so a slot runs once. */
    readonly slotKey?: string
    readonly models: readonly string[]
    readonly status: RunStatus
    /** Results the run will have when complete (models × cases × repeats). */
    readonly expectedResults: number
    /** Results recorded so far. */
    readonly recordedResults: number
    /** Times in ms since the epoch. */
    readonly startedAt: number
    readonly heartbeatAt: number
    readonly finishedAt?: number
    readonly error?: string
}

export interface NewRun {
    readonly id: string
    readonly suite: EvaluationSuite
    readonly trigger: string
    readonly slotKey?: string
    readonly models: readonly string[]
    readonly startedAt: number
}

type Row = Record<string, unknown>

const optional = <T>(value: unknown): T | undefined => (value === null || value === undefined ? undefined : (value as T))
const optionalNumber = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value))

const RUN_COLUMNS = `r.id, r.suite_name, r.suite_hash, r.trigger_name, r.slot_key, r.models, r.status, r.expected_results,
    r.started_at, r.heartbeat_at, r.finished_at, r.error,
    (SELECT COUNT(*) FROM orquesta_eval_results x WHERE x.run_id = r.id) AS recorded`

const runOf = (row: Row): RunRecord => ({
    id: String(row.id),
    suiteName: String(row.suite_name),
    suiteHash: String(row.suite_hash),
    trigger: String(row.trigger_name),
    slotKey: optional<string>(row.slot_key),
    models: JSON.parse(String(row.models)) as string[],
    status: row.status as RunStatus,
    expectedResults: Number(row.expected_results),
    recordedResults: Number(row.recorded),
    startedAt: Number(row.started_at),
    heartbeatAt: Number(row.heartbeat_at),
    finishedAt: optionalNumber(row.finished_at),
    error: optional<string>(row.error)
})

const resultOf = (row: Row): CaseResult => ({
    runId: String(row.run_id),
    model: String(row.model),
    caseId: String(row.case_id),
    category: row.category as EvaluationCategory,
    repeat: Number(row.repeat_index),
    output: optional<string>(row.output),
    assertions: JSON.parse(String(row.assertions)) as AssertionResult[],
    pass: row.pass === null || row.pass === undefined ? undefined : Number(row.pass) === 1,
    score: optionalNumber(row.score),
    error: optional<string>(row.error),
    latencyMs: Number(row.latency_ms),
    ttftMs: optionalNumber(row.ttft_ms),
    inputTokens: optionalNumber(row.input_tokens),
    outputTokens: optionalNumber(row.output_tokens),
    costUsd: optionalNumber(row.cost_usd),
    proxyCostUsd: optionalNumber(row.proxy_cost_usd),
    providerCalls: optionalNumber(row.provider_calls),
    at: Number(row.recorded_at)
})

/**
 * Keeps evaluation runs and their per-case results. Every result is written as soon as it is
 * graded, in its own statement, so that a process killed midway loses nothing already recorded;
 * a result is keyed by (run, model, case, repeat), so a resumed run cannot record it twice.
 */
export class EvaluationStore {
    private constructor(readonly db: SqlDatabase) {}

    /** Opens the store on `db`, creating its tables when missing. */
    static async open(db: SqlDatabase): Promise<EvaluationStore> {
        for (const statement of SCHEMA_STATEMENTS) {
            try {
                await db.run(statement)
            } catch (error) {
                // Two replicas creating the same table at once: PostgreSQL lets one fail; the table exists.
                await db.run(statement).catch(() => Promise.reject(error))
            }
        }
        return new EvaluationStore(db)
    }

    /**
     * Records a new run. Resolves to undefined, and records nothing, when its slot key is taken
     * (another replica, or an earlier start, already ran that slot).
     */
    async createRun(run: NewRun): Promise<RunRecord | undefined> {
        const expected = run.models.length * run.suite.cases.reduce((sum, c) => sum + c.repeats, 0)
        const changed = await this.db.run(
            `INSERT INTO orquesta_eval_runs (id, suite_name, suite_hash, suite, trigger_name, slot_key, models, status, expected_results, started_at, heartbeat_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?) ON CONFLICT DO NOTHING`,
            [
                run.id,
                run.suite.name,
                run.suite.hash,
                JSON.stringify(run.suite),
                run.trigger,
                run.slotKey ?? null,
                JSON.stringify(run.models),
                expected,
                run.startedAt,
                run.startedAt
            ]
        )
        return changed === 1 ? this.getRun(run.id) : undefined
    }

    /** Whether a run exists for a schedule slot. */
    async slotTaken(slotKey: string): Promise<boolean> {
        const rows = await this.db.all('SELECT 1 AS taken FROM orquesta_eval_runs WHERE slot_key = ?', [slotKey])
        return rows.length > 0
    }

    /** Records one graded result; a result already recorded for the same key is kept as it was. */
    async recordResult(result: CaseResult): Promise<void> {
        await this.db.run(
            `INSERT INTO orquesta_eval_results (run_id, model, case_id, repeat_index, category, output, assertions, pass, score, error,
                latency_ms, ttft_ms, input_tokens, output_tokens, cost_usd, proxy_cost_usd, recorded_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            [
                result.runId,
                result.model,
                result.caseId,
                result.repeat,
                result.category,
                result.output ?? null,
                JSON.stringify(result.assertions),
                result.pass === undefined ? null : result.pass ? 1 : 0,
                result.score ?? null,
                result.error ?? null,
                result.latencyMs,
                result.ttftMs ?? null,
                result.inputTokens ?? null,
                result.outputTokens ?? null,
                result.costUsd ?? null,
                result.proxyCostUsd ?? null,
                result.at
            ]
        )
        if (result.providerCalls !== undefined)
            await this.db.run(
                `INSERT INTO orquesta_eval_calls (run_id, model, case_id, repeat_index, provider_calls) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
                [result.runId, result.model, result.caseId, result.repeat, result.providerCalls]
            )
    }

    /** Marks a run as alive; runs whose heartbeat stops are later marked incomplete. */
    async heartbeat(runId: string, at: number): Promise<void> {
        await this.db.run(`UPDATE orquesta_eval_runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'`, [at, runId])
    }

    async finishRun(runId: string, status: Exclude<RunStatus, 'running'>, at: number, error?: string): Promise<void> {
        await this.db.run('UPDATE orquesta_eval_runs SET status = ?, finished_at = ?, heartbeat_at = ?, error = ? WHERE id = ?', [
            status,
            at,
            at,
            error ?? null,
            runId
        ])
    }

    /** Puts a stopped run back to `running` before it is resumed. */
    async reopenRun(runId: string, at: number): Promise<void> {
        await this.db.run(
            `UPDATE orquesta_eval_runs SET status = 'running', heartbeat_at = ?, finished_at = NULL, error = NULL WHERE id = ?`,
            [at, runId]
        )
    }

    /**
     * Marks `running` runs whose heartbeat is older than `staleBefore` (ms epoch) as incomplete:
     * their process died. Resolves to their ids.
     */
    async markAbandonedRuns(staleBefore: number, at: number): Promise<string[]> {
        const rows = await this.db.all<{ id: string }>(`SELECT id FROM orquesta_eval_runs WHERE status = 'running' AND heartbeat_at < ?`, [
            staleBefore
        ])
        for (const { id } of rows) {
            await this.db.run(
                `UPDATE orquesta_eval_runs SET status = 'incomplete', finished_at = ?, error = ? WHERE id = ? AND status = 'running'`,
                [at, 'the process running it stopped before it finished; resume it with POST /runs/{id}/resume', id]
            )
        }
        return rows.map((r) => r.id)
    }

    /** How many runs are `running` (queued or executing, in any process). */
    async countRunning(): Promise<number> {
        const rows = await this.db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM orquesta_eval_runs WHERE status = 'running'`)
        return Number(rows[0]?.n ?? 0)
    }

    /** What the results recorded since `since` (ms since the epoch) cost, in USD (the proxy's figure when the own one is missing). */
    async costSince(since: number): Promise<number> {
        const rows = await this.db.all<{ total: number | null }>(
            'SELECT SUM(COALESCE(cost_usd, proxy_cost_usd, 0)) AS total FROM orquesta_eval_results WHERE recorded_at >= ?',
            [since]
        )
        return Number(rows[0]?.total ?? 0)
    }

    async getRun(id: string): Promise<RunRecord | undefined> {
        const rows = await this.db.all(`SELECT ${RUN_COLUMNS} FROM orquesta_eval_runs r WHERE r.id = ?`, [id])
        return rows[0] ? runOf(rows[0]) : undefined
    }

    /** The suite a run was started with, as it was then (for resuming). */
    async runSuite(id: string): Promise<EvaluationSuite | undefined> {
        const rows = await this.db.all<{ suite: string }>('SELECT suite FROM orquesta_eval_runs WHERE id = ?', [id])
        return rows[0] ? (JSON.parse(rows[0].suite) as EvaluationSuite) : undefined
    }

    /** Runs, newest first. */
    async listRuns(options: { readonly limit?: number; readonly status?: RunStatus } = {}): Promise<RunRecord[]> {
        const where = options.status ? 'WHERE r.status = ?' : ''
        const rows = await this.db.all(
            `SELECT ${RUN_COLUMNS} FROM orquesta_eval_runs r ${where} ORDER BY r.started_at DESC, r.id DESC LIMIT ?`,
            [...(options.status ? [options.status] : []), options.limit ?? 50]
        )
        return rows.map(runOf)
    }

    /** A run's results, in a stable order; optionally one model's. */
    async results(runId: string, model?: string): Promise<CaseResult[]> {
        const rows = await this.db.all(
            `SELECT r.*, c.provider_calls FROM orquesta_eval_results r LEFT JOIN orquesta_eval_calls c
                ON c.run_id = r.run_id AND c.model = r.model AND c.case_id = r.case_id AND c.repeat_index = r.repeat_index
             WHERE r.run_id = ? ${model ? 'AND r.model = ?' : ''} ORDER BY r.model, r.case_id, r.repeat_index`,
            model ? [runId, model] : [runId]
        )
        return rows.map(resultOf)
    }

    /** The keys (`model\u0000case\u0000repeat`) of a run's recorded results, to skip them on resume. */
    async recordedKeys(runId: string): Promise<Set<string>> {
        const rows = await this.db.all<{ model: string; case_id: string; repeat_index: number }>(
            'SELECT model, case_id, repeat_index FROM orquesta_eval_results WHERE run_id = ?',
            [runId]
        )
        return new Set(rows.map((r) => resultKey(r.model, r.case_id, Number(r.repeat_index))))
    }

    /**
     * The latest completed run that evaluated `model`, optionally with the same suite and before
     * another run (the baseline of a comparison).
     */
    async latestCompletedRun(
        model: string,
        options: { readonly suiteHash?: string; readonly before?: number } = {}
    ): Promise<RunRecord | undefined> {
        const conditions = [`r.status = 'completed'`, 'r.models LIKE ?']
        const params: unknown[] = [`%${JSON.stringify(model)}%`]
        if (options.suiteHash) {
            conditions.push('r.suite_hash = ?')
            params.push(options.suiteHash)
        }
        if (options.before !== undefined) {
            conditions.push('r.started_at < ?')
            params.push(options.before)
        }
        const rows = await this.db.all(
            `SELECT ${RUN_COLUMNS} FROM orquesta_eval_runs r WHERE ${conditions.join(' AND ')} ORDER BY r.started_at DESC`,
            params
        )
        return rows.map(runOf).find((run) => run.models.includes(model))
    }

    /** The latest completed run of every model that a completed run evaluated, from one query. */
    async latestCompletedRuns(): Promise<Map<string, RunRecord>> {
        const rows = await this.db.all(
            `SELECT ${RUN_COLUMNS} FROM orquesta_eval_runs r WHERE r.status = 'completed' ORDER BY r.started_at DESC, r.id DESC`
        )
        const latest = new Map<string, RunRecord>()
        for (const run of rows.map(runOf)) for (const model of run.models) if (!latest.has(model)) latest.set(model, run)
        return latest
    }

    /** Models the proxy served at the last check, with when they were first seen and removed. */
    async knownModels(): Promise<{ model: string; firstSeenAt: number; removedAt?: number }[]> {
        const rows = await this.db.all('SELECT model, first_seen_at, removed_at FROM orquesta_eval_models ORDER BY model')
        return rows.map((r) => ({ model: String(r.model), firstSeenAt: Number(r.first_seen_at), removedAt: optionalNumber(r.removed_at) }))
    }

    /** Records that the proxy serves `models` now (clearing an earlier removal). */
    async markModelsSeen(models: readonly string[], at: number): Promise<void> {
        for (const model of models) {
            await this.db.run(
                `INSERT INTO orquesta_eval_models (model, first_seen_at, last_seen_at) VALUES (?, ?, ?)
                 ON CONFLICT (model) DO UPDATE SET last_seen_at = excluded.last_seen_at, removed_at = NULL`,
                [model, at, at]
            )
        }
    }

    /** Marks models the proxy no longer serves. */
    async markModelsRemoved(models: readonly string[], at: number): Promise<void> {
        for (const model of models) {
            await this.db.run('UPDATE orquesta_eval_models SET removed_at = ? WHERE model = ? AND removed_at IS NULL', [at, model])
        }
    }

    /** When a schedule was first registered (recorded now if it never was), in ms since the epoch. */
    async scheduleRegisteredAt(name: string, now: number): Promise<number> {
        await this.db.run('INSERT INTO orquesta_eval_schedules (name, registered_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [name, now])
        const rows = await this.db.all<{ registered_at: number }>('SELECT registered_at FROM orquesta_eval_schedules WHERE name = ?', [
            name
        ])
        return Number(rows[0].registered_at)
    }

    close(): Promise<void> {
        return this.db.close()
    }
}

/** The identity of one result within a run. */
export const resultKey = (model: string, caseId: string, repeat: number): string => `${model}\u0000${caseId}\u0000${repeat}`
