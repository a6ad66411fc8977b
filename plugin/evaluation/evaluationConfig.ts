import path from 'node:path'
import cron from 'node-cron'
import { z } from 'zod'
import { InvalidPluginConfigError, positiveIntEnv } from '../config'
import type { CostLimits } from './costGuard'
import type { Schedule } from './schedule/EvaluationScheduler'
import type { EvaluationDatabaseConfig } from './store/openEvaluationDatabase'

/** The evaluation's server-side settings, read once at startup from the environment. */
export interface EvaluationConfig {
    /** Whether the schedules run (the REST routes and the node work either way). */
    readonly schedulesEnabled: boolean
    readonly schedules: readonly Schedule[]
    /** A suite file; undefined means the built-in default suite. */
    readonly suiteFile?: string
    /** Where the suites an Evaluation Trigger's author can choose from live (YAML and JSON files). */
    readonly suitesDir: string
    /** Models of the daily run; empty means every model the proxy serves. */
    readonly primaryModels: readonly string[]
    /** Chatflow ids the `flows` schedule evaluates (ORQUESTA_EVAL_FLOWS); the schedule exists only with some. */
    readonly flows: readonly string[]
    /** Calls in flight at once during a run. */
    readonly concurrency: number
    /** Time limit of one evaluation call (ms). */
    readonly callTimeoutMs: number
    /** Paired cases a comparison needs before it may flag a regression. */
    readonly minPairedCases: number
    /** Smallest score drop (0–1) that counts as a regression. */
    readonly practicalThreshold: number
    readonly database: EvaluationDatabaseConfig
    /** Redis for the replicas' slot leases, when configured. */
    readonly redisUrl?: string
    readonly alertWebhook?: { readonly url: string; readonly allowPrivate: boolean }
    /** How old a worker process's copy of the measurements may get before it reloads them (ms). */
    readonly measurementsMaxAgeMs: number
    /** Caps on runs, calls and the daily spend. */
    readonly limits: CostLimits
}

const cronExpression = (name: string, fallback: string) =>
    z
        .string()
        .default(fallback)
        .refine((value) => cron.validate(value), { message: `${name} is not a valid cron expression (e.g. "${fallback}")` })

const timeZone = z.string().refine(
    (zone) => {
        try {
            new Intl.DateTimeFormat('en', { timeZone: zone })
            return true
        } catch {
            return false
        }
    },
    { message: 'ORQUESTA_EVAL_TIMEZONE must be an IANA time zone such as Europe/Madrid or UTC' }
)

const envSchema = z.object({
    ORQUESTA_EVAL_SCHEDULES: z.enum(['on', 'off'], { message: 'ORQUESTA_EVAL_SCHEDULES must be on or off' }).default('on'),
    ORQUESTA_EVAL_DAILY_CRON: cronExpression('ORQUESTA_EVAL_DAILY_CRON', '0 2 * * *'),
    ORQUESTA_EVAL_WEEKLY_CRON: cronExpression('ORQUESTA_EVAL_WEEKLY_CRON', '0 3 * * 0'),
    ORQUESTA_EVAL_NEW_MODELS_CRON: cronExpression('ORQUESTA_EVAL_NEW_MODELS_CRON', '0 */6 * * *'),
    ORQUESTA_EVAL_TIMEZONE: timeZone.default(Intl.DateTimeFormat().resolvedOptions().timeZone),
    ORQUESTA_EVAL_SUITE: z
        .string()
        .refine((p) => path.isAbsolute(p), { message: 'ORQUESTA_EVAL_SUITE must be an absolute path to a YAML or JSON suite' })
        .optional(),
    ORQUESTA_EVAL_SUITES_DIR: z
        .string()
        .refine((p) => path.isAbsolute(p), { message: 'ORQUESTA_EVAL_SUITES_DIR must be an absolute path to a directory of suites' })
        .optional(),
    ORQUESTA_EVAL_PRIMARY_MODELS: z.string().default(''),
    ORQUESTA_EVAL_FLOWS: z.string().default(''),
    ORQUESTA_EVAL_FLOWS_CRON: cronExpression('ORQUESTA_EVAL_FLOWS_CRON', '0 4 * * *'),
    ORQUESTA_EVAL_CONCURRENCY: positiveIntEnv('ORQUESTA_EVAL_CONCURRENCY', 4),
    ORQUESTA_EVAL_TIMEOUT_MS: positiveIntEnv('ORQUESTA_EVAL_TIMEOUT_MS', 60_000),
    ORQUESTA_EVAL_MIN_CASES: positiveIntEnv('ORQUESTA_EVAL_MIN_CASES', 10),
    ORQUESTA_MEASUREMENTS_MAX_AGE_MS: positiveIntEnv('ORQUESTA_MEASUREMENTS_MAX_AGE_MS', 30_000),
    ORQUESTA_EVAL_MAX_ACTIVE_RUNS: positiveIntEnv('ORQUESTA_EVAL_MAX_ACTIVE_RUNS', 5),
    ORQUESTA_EVAL_MAX_CALLS_PER_RUN: positiveIntEnv('ORQUESTA_EVAL_MAX_CALLS_PER_RUN', 5_000),
    ORQUESTA_EVAL_DAILY_BUDGET_USD: z.coerce
        .number({ invalid_type_error: 'ORQUESTA_EVAL_DAILY_BUDGET_USD must be an amount in USD' })
        .positive('ORQUESTA_EVAL_DAILY_BUDGET_USD must be positive')
        .optional(),
    ORQUESTA_EVAL_REGRESSION_THRESHOLD: z.coerce
        .number()
        .min(0, 'ORQUESTA_EVAL_REGRESSION_THRESHOLD must be between 0 and 1')
        .max(1, 'ORQUESTA_EVAL_REGRESSION_THRESHOLD must be between 0 and 1')
        .default(0.05),
    ORQUESTA_DATABASE_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'ORQUESTA_DATABASE_URL must be a postgres:// connection string')
        .optional(),
    DATABASE_TYPE: z.string().optional(),
    DATABASE_HOST: z.string().optional(),
    DATABASE_PORT: z.string().optional(),
    DATABASE_USER: z.string().optional(),
    DATABASE_PASSWORD: z.string().optional(),
    DATABASE_NAME: z.string().optional(),
    ORQUESTA_REDIS_URL: z.string().optional(),
    REDIS_URL: z.string().optional(),
    REDIS_HOST: z.string().optional(),
    REDIS_PORT: z.string().optional(),
    ORQUESTA_ALERT_WEBHOOK_URL: z.string().url('ORQUESTA_ALERT_WEBHOOK_URL must be an absolute http(s) URL').optional(),
    ORQUESTA_ALERT_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false')
})

type Env = z.infer<typeof envSchema>

/**
 * Results go where Flowise keeps its own data: its PostgreSQL database when Flowise runs on
 * PostgreSQL (tables prefixed `orquesta_`), or an SQLite file in the plugin's data directory.
 */
const databaseOf = (e: Env, dataDir: string): EvaluationDatabaseConfig => {
    if (e.ORQUESTA_DATABASE_URL) return { kind: 'postgres', url: e.ORQUESTA_DATABASE_URL }
    if (e.DATABASE_TYPE === 'postgres') {
        const url = new URL('postgres://localhost')
        url.hostname = e.DATABASE_HOST ?? 'localhost'
        url.port = e.DATABASE_PORT ?? '5432'
        url.username = encodeURIComponent(e.DATABASE_USER ?? 'postgres')
        url.password = encodeURIComponent(e.DATABASE_PASSWORD ?? '')
        url.pathname = `/${e.DATABASE_NAME ?? 'flowise'}`
        return { kind: 'postgres', url: url.toString() }
    }
    return { kind: 'sqlite', file: path.join(dataDir, 'evaluation.sqlite') }
}

/** The Redis the plugin shares state through: `ORQUESTA_REDIS_URL`, else Flowise's own (`REDIS_URL`, `REDIS_HOST`/`REDIS_PORT`). */
export const redisUrlOf = (e: Pick<Env, 'ORQUESTA_REDIS_URL' | 'REDIS_URL' | 'REDIS_HOST' | 'REDIS_PORT'>): string | undefined =>
    e.ORQUESTA_REDIS_URL || e.REDIS_URL || (e.REDIS_HOST ? `redis://${e.REDIS_HOST}:${e.REDIS_PORT ?? '6379'}` : undefined)

export const loadEvaluationConfig = (env: NodeJS.ProcessEnv, dataDir: string): EvaluationConfig => {
    const blankless = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
    const parsed = envSchema.safeParse(blankless)
    if (!parsed.success) throw new InvalidPluginConfigError(parsed.error.issues.map((i) => i.message).join('; '))
    const e = parsed.data
    const timezone = e.ORQUESTA_EVAL_TIMEZONE
    const flows = e.ORQUESTA_EVAL_FLOWS.split(',')
        .map((id) => id.trim())
        .filter(Boolean)
    return {
        schedulesEnabled: e.ORQUESTA_EVAL_SCHEDULES === 'on',
        schedules: [
            { name: 'daily', cron: e.ORQUESTA_EVAL_DAILY_CRON, timezone },
            { name: 'weekly', cron: e.ORQUESTA_EVAL_WEEKLY_CRON, timezone },
            { name: 'new-models', cron: e.ORQUESTA_EVAL_NEW_MODELS_CRON, timezone },
            ...(flows.length > 0 ? [{ name: 'flows' as const, cron: e.ORQUESTA_EVAL_FLOWS_CRON, timezone }] : [])
        ],
        flows,
        suiteFile: e.ORQUESTA_EVAL_SUITE,
        suitesDir: e.ORQUESTA_EVAL_SUITES_DIR ?? path.join(dataDir, 'suites'),
        primaryModels: e.ORQUESTA_EVAL_PRIMARY_MODELS.split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        concurrency: e.ORQUESTA_EVAL_CONCURRENCY,
        callTimeoutMs: e.ORQUESTA_EVAL_TIMEOUT_MS,
        minPairedCases: e.ORQUESTA_EVAL_MIN_CASES,
        practicalThreshold: e.ORQUESTA_EVAL_REGRESSION_THRESHOLD,
        database: databaseOf(e, dataDir),
        redisUrl: redisUrlOf(e),
        alertWebhook: e.ORQUESTA_ALERT_WEBHOOK_URL
            ? { url: e.ORQUESTA_ALERT_WEBHOOK_URL, allowPrivate: e.ORQUESTA_ALERT_WEBHOOK_ALLOW_PRIVATE === 'true' }
            : undefined,
        measurementsMaxAgeMs: e.ORQUESTA_MEASUREMENTS_MAX_AGE_MS,
        limits: {
            maxActiveRuns: e.ORQUESTA_EVAL_MAX_ACTIVE_RUNS,
            maxCallsPerRun: e.ORQUESTA_EVAL_MAX_CALLS_PER_RUN,
            dailyBudgetUsd: e.ORQUESTA_EVAL_DAILY_BUDGET_USD
        }
    }
}
