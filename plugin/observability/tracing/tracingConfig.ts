import { z } from 'zod'
import { positiveIntEnv } from '../../config'
import type { OrquestaMetrics } from '../metrics'
import { LangfuseBackend, type LangfuseSettings } from './langfuseBackend'
import { LangSmithBackend, type LangSmithSettings } from './langsmithBackend'
import { Tracer } from './Tracer'
import { DEFAULT_TRACE_QUEUE_LIMITS, type TraceQueueLimits } from './TraceQueue'
import type { TracingBackend } from './types'

const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim())
const url = (name: string) => z.string().url(`${name} must be an absolute URL, e.g. https://cloud.langfuse.com`)
const envSchema = z
    .object({
        LANGFUSE_PUBLIC_KEY: z.string().optional(),
        LANGFUSE_SECRET_KEY: z.string().optional(),
        LANGFUSE_BASEURL: url('LANGFUSE_BASEURL / LANGFUSE_HOST').default('https://cloud.langfuse.com'),
        LANGSMITH_TRACING: z.enum(['true', 'false']).default('false'),
        LANGSMITH_API_KEY: z.string().optional(),
        LANGSMITH_ENDPOINT: url('LANGSMITH_ENDPOINT').default('https://api.smith.langchain.com'),
        LANGSMITH_PROJECT: z.string().default('default'),
        ORQUESTA_TRACE_QUEUE_MAX: positiveIntEnv('ORQUESTA_TRACE_QUEUE_MAX', DEFAULT_TRACE_QUEUE_LIMITS.maxQueued),
        ORQUESTA_TRACE_BATCH_SIZE: positiveIntEnv('ORQUESTA_TRACE_BATCH_SIZE', DEFAULT_TRACE_QUEUE_LIMITS.batchSize),
        ORQUESTA_TRACE_FLUSH_INTERVAL_MS: positiveIntEnv('ORQUESTA_TRACE_FLUSH_INTERVAL_MS', DEFAULT_TRACE_QUEUE_LIMITS.flushIntervalMs),
        ORQUESTA_TRACE_EXPORT_TIMEOUT_MS: positiveIntEnv('ORQUESTA_TRACE_EXPORT_TIMEOUT_MS', DEFAULT_TRACE_QUEUE_LIMITS.exportTimeoutMs)
    })
    .refine((e) => (e.LANGFUSE_PUBLIC_KEY === undefined) === (e.LANGFUSE_SECRET_KEY === undefined), {
        message: 'set both LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY, or neither'
    })
    .refine((e) => e.LANGSMITH_TRACING === 'false' || e.LANGSMITH_API_KEY !== undefined, {
        message: 'LANGSMITH_TRACING=true needs LANGSMITH_API_KEY (or LANGCHAIN_API_KEY)'
    })

/** Which tracing backends are on, and the limits of their export queues. */
export interface TracingConfig {
    readonly langfuse?: LangfuseSettings
    readonly langsmith?: LangSmithSettings
    readonly limits: TraceQueueLimits
}

/** Thrown when a tracing environment variable is invalid; names it, never its value. */
export class InvalidTracingConfigError extends Error {
    constructor(message: string) {
        super(`Orquesta tracing configuration: ${message}`)
        this.name = 'InvalidTracingConfigError'
    }
}

/**
 * Reads the tracing settings from the variables Langfuse and LangSmith users already set:
 * `LANGFUSE_PUBLIC_KEY`, `LANGFUSE_SECRET_KEY`, `LANGFUSE_BASEURL` (or `LANGFUSE_HOST`);
 * `LANGSMITH_TRACING`, `LANGSMITH_API_KEY`, `LANGSMITH_ENDPOINT`, `LANGSMITH_PROJECT` (or their
 * `LANGCHAIN_*` names, with `LANGCHAIN_TRACING_V2`).
 */
export const loadTracingConfig = (env: NodeJS.ProcessEnv = process.env): TracingConfig => {
    const first = (...names: string[]) => names.map((name) => blank(env[name])).find((value) => value !== undefined)
    const parsed = envSchema.safeParse({
        LANGFUSE_PUBLIC_KEY: first('LANGFUSE_PUBLIC_KEY'),
        LANGFUSE_SECRET_KEY: first('LANGFUSE_SECRET_KEY'),
        LANGFUSE_BASEURL: first('LANGFUSE_BASEURL', 'LANGFUSE_HOST'),
        LANGSMITH_TRACING: first('LANGSMITH_TRACING', 'LANGCHAIN_TRACING_V2', 'LANGCHAIN_TRACING')?.toLowerCase(),
        LANGSMITH_API_KEY: first('LANGSMITH_API_KEY', 'LANGCHAIN_API_KEY'),
        LANGSMITH_ENDPOINT: first('LANGSMITH_ENDPOINT', 'LANGCHAIN_ENDPOINT'),
        LANGSMITH_PROJECT: first('LANGSMITH_PROJECT', 'LANGCHAIN_PROJECT'),
        ORQUESTA_TRACE_QUEUE_MAX: first('ORQUESTA_TRACE_QUEUE_MAX'),
        ORQUESTA_TRACE_BATCH_SIZE: first('ORQUESTA_TRACE_BATCH_SIZE'),
        ORQUESTA_TRACE_FLUSH_INTERVAL_MS: first('ORQUESTA_TRACE_FLUSH_INTERVAL_MS'),
        ORQUESTA_TRACE_EXPORT_TIMEOUT_MS: first('ORQUESTA_TRACE_EXPORT_TIMEOUT_MS')
    })
    if (!parsed.success) throw new InvalidTracingConfigError(parsed.error.issues.map((i) => i.message).join('; '))
    const e = parsed.data
    return {
        langfuse:
            e.LANGFUSE_PUBLIC_KEY && e.LANGFUSE_SECRET_KEY
                ? { baseUrl: e.LANGFUSE_BASEURL, publicKey: e.LANGFUSE_PUBLIC_KEY, secretKey: e.LANGFUSE_SECRET_KEY }
                : undefined,
        langsmith:
            e.LANGSMITH_TRACING === 'true' && e.LANGSMITH_API_KEY
                ? { endpoint: e.LANGSMITH_ENDPOINT, apiKey: e.LANGSMITH_API_KEY, project: e.LANGSMITH_PROJECT }
                : undefined,
        limits: {
            maxQueued: e.ORQUESTA_TRACE_QUEUE_MAX,
            batchSize: e.ORQUESTA_TRACE_BATCH_SIZE,
            flushIntervalMs: e.ORQUESTA_TRACE_FLUSH_INTERVAL_MS,
            exportTimeoutMs: e.ORQUESTA_TRACE_EXPORT_TIMEOUT_MS
        }
    }
}

/** The tracer for a configuration, counting dropped and exported records in `metrics`. */
export const createTracer = (config: TracingConfig, metrics: OrquestaMetrics): Tracer => {
    const backends: TracingBackend[] = []
    if (config.langfuse) backends.push(new LangfuseBackend(config.langfuse))
    if (config.langsmith) backends.push(new LangSmithBackend(config.langsmith))
    return new Tracer(backends, config.limits, {
        dropped: (backend, count) => metrics.traceEventsDropped.inc({ backend }, count),
        exported: (backend, count) => metrics.traceEventsExported.inc({ backend }, count)
    })
}
