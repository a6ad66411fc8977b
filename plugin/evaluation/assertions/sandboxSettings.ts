import { z } from 'zod'
import { InvalidPluginConfigError, positiveIntEnv } from '../../config'

/** The server's caps on sandboxed assertion code; a suite may ask for less, never more. */
export interface SandboxSettings {
    /** Longest time limit a `javascript` assertion may have (ms); also its default. */
    readonly maxTimeoutMs: number
    /** Largest heap a `javascript` assertion may have (bytes); also its default. */
    readonly maxMemoryBytes: number
    /** Worker threads that run assertion code at once. */
    readonly workers: number
}

const MIB = 1024 * 1024

const envSchema = z.object({
    ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS: positiveIntEnv('ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS', 1_000).pipe(
        z.number().max(60_000, 'ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS is at most 60000')
    ),
    ORQUESTA_JS_ASSERT_MAX_MEMORY_MB: positiveIntEnv('ORQUESTA_JS_ASSERT_MAX_MEMORY_MB', 64).pipe(
        z
            .number()
            .min(4, 'ORQUESTA_JS_ASSERT_MAX_MEMORY_MB must be at least 4')
            .max(1024, 'ORQUESTA_JS_ASSERT_MAX_MEMORY_MB is at most 1024')
    ),
    ORQUESTA_JS_ASSERT_WORKERS: positiveIntEnv('ORQUESTA_JS_ASSERT_WORKERS', 2).pipe(
        z.number().max(16, 'ORQUESTA_JS_ASSERT_WORKERS is at most 16')
    )
})

/** Reads the sandbox caps from the environment; throws InvalidPluginConfigError naming the variable. */
export const loadSandboxSettings = (env: NodeJS.ProcessEnv = process.env): SandboxSettings => {
    const blankless = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
    const parsed = envSchema.safeParse(blankless)
    if (!parsed.success) throw new InvalidPluginConfigError(parsed.error.issues.map((i) => i.message).join('; '))
    return {
        maxTimeoutMs: parsed.data.ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS,
        maxMemoryBytes: parsed.data.ORQUESTA_JS_ASSERT_MAX_MEMORY_MB * MIB,
        workers: parsed.data.ORQUESTA_JS_ASSERT_WORKERS
    }
}

const DEFAULTS: SandboxSettings = { maxTimeoutMs: 1_000, maxMemoryBytes: 64 * MIB, workers: 2 }

let settings: SandboxSettings | undefined

/**
 * This process's caps, read once from the environment. An invalid value is reported by the
 * startup check (which names the variable); here it falls back to the defaults, the strictest
 * sensible caps, rather than failing every suite.
 */
export const sandboxSettings = (): SandboxSettings => {
    if (!settings) {
        try {
            settings = loadSandboxSettings()
        } catch {
            settings = DEFAULTS
        }
    }
    return settings
}
