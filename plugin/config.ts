import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'

/** Default LiteLLM proxy address used by `npm start` and the tests. */
export const DEFAULT_PROXY_URL = 'http://127.0.0.1:4000'

const pathList = z
    .string()
    .optional()
    .transform((value) =>
        (value ?? '')
            .split(/[,:]/)
            .map((p) => p.trim())
            .filter(Boolean)
    )
    .pipe(z.array(z.string().refine((p) => path.isAbsolute(p), { message: 'ORQUESTA_NODE_DIRS must list absolute paths' })))

/** A positive whole number from an environment variable, with its default; messages name the variable. */
export const positiveIntEnv = (name: string, fallback: number) =>
    z.coerce
        .number({ invalid_type_error: `${name} must be a number` })
        .int(`${name} must be a whole number`)
        .positive(`${name} must be positive`)
        .default(fallback)

const envSchema = z.object({
    LITELLM_PROXY_URL: z.string().url('LITELLM_PROXY_URL must be an absolute URL, e.g. http://127.0.0.1:4000').default(DEFAULT_PROXY_URL),
    LITELLM_MASTER_KEY: z.string().optional(),
    ORQUESTA_NODE_DIRS: pathList,
    ORQUESTA_WATCH_COMPONENTS: z.enum(['true', 'false']).default('false'),
    ORQUESTA_DATA_DIR: z.string().optional(),
    DATABASE_PATH: z.string().optional()
})

/** The plugin's server-side settings, read once at startup from the environment. */
export interface PluginConfig {
    /** The LiteLLM proxy the health route checks and nodes fall back to without a credential. */
    readonly proxyUrl: string
    readonly proxyKey?: string
    /**
     * The user's node folders, outside the build: analyzed, watched, and hot-loaded into the host.
     * `ORQUESTA_NODE_DIRS`, else `<dataDir>/nodes` (`~/.flowise/orquesta/nodes` by default).
     */
    readonly extraNodeDirs: readonly string[]
    /** Whether the host's own node directory is watched too (it is always analyzed). */
    readonly watchComponents: boolean
    /** Where the plugin keeps its files (the capability cache): next to Flowise's data by default. */
    readonly dataDir: string
}

/** Thrown at startup when an environment variable is invalid; names it. */
export class InvalidPluginConfigError extends Error {
    constructor(message: string) {
        super(`Orquesta configuration: ${message}`)
        this.name = 'InvalidPluginConfigError'
    }
}

export const loadPluginConfig = (env: NodeJS.ProcessEnv = process.env): PluginConfig => {
    const parsed = envSchema.safeParse({ ...env, LITELLM_PROXY_URL: env.LITELLM_PROXY_URL || undefined })
    if (!parsed.success) throw new InvalidPluginConfigError(parsed.error.issues.map((i) => i.message).join('; '))
    const e = parsed.data
    const dataDir = e.ORQUESTA_DATA_DIR ?? path.join(e.DATABASE_PATH ?? path.join(os.homedir(), '.flowise'), 'orquesta')
    return {
        proxyUrl: e.LITELLM_PROXY_URL,
        proxyKey: e.LITELLM_MASTER_KEY,
        extraNodeDirs: e.ORQUESTA_NODE_DIRS.length > 0 ? e.ORQUESTA_NODE_DIRS : [path.join(dataDir, 'nodes')],
        watchComponents: e.ORQUESTA_WATCH_COMPONENTS === 'true',
        dataDir
    }
}
