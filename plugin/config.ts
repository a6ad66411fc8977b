import { z } from 'zod'

/** Default LiteLLM proxy address used by `npm start` and the tests. */
export const DEFAULT_PROXY_URL = 'http://127.0.0.1:4000'

const envSchema = z.object({
    LITELLM_PROXY_URL: z.string().url('LITELLM_PROXY_URL must be an absolute URL, e.g. http://127.0.0.1:4000').default(DEFAULT_PROXY_URL),
    LITELLM_MASTER_KEY: z.string().optional()
})

/** The plugin's server-side settings, read once at startup from the environment. */
export interface PluginConfig {
    /** The LiteLLM proxy the health route checks and nodes fall back to without a credential. */
    readonly proxyUrl: string
    readonly proxyKey?: string
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
    return { proxyUrl: parsed.data.LITELLM_PROXY_URL, proxyKey: parsed.data.LITELLM_MASTER_KEY }
}
