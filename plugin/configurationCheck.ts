import { loadPluginConfig } from './config'
import { loadSandboxSettings } from './evaluation/assertions/sandboxSettings'
import { loadEvaluationConfig } from './evaluation/evaluationConfig'
import { loadTracingConfig } from './observability/tracing/tracingConfig'
import { loadRateLimitConfig } from './routes/rateLimits'

/** One part of the plugin whose environment variables are validated at startup. */
interface Feature {
    readonly name: string
    /** What an invalid value turns off, for the message. */
    readonly consequence: string
    readonly check: (env: NodeJS.ProcessEnv) => unknown
}

const FEATURES: readonly Feature[] = [
    { name: 'core settings', consequence: 'the plugin stays off', check: (env) => loadPluginConfig(env) },
    {
        name: 'evaluation',
        consequence: 'evaluations are off (their routes answer 503)',
        check: (env) => {
            // Its own problems only: an invalid core setting is reported above.
            let dataDir = '/'
            try {
                dataDir = loadPluginConfig(env).dataDir
            } catch {
                /* reported as a core-settings problem */
            }
            return loadEvaluationConfig(env, dataDir)
        }
    },
    { name: 'tracing', consequence: 'tracing is off', check: (env) => loadTracingConfig(env) },
    {
        name: 'javascript assertion sandbox',
        consequence: 'its caps stay at the defaults (1000 ms, 64 MiB, 2 threads)',
        check: (env) => loadSandboxSettings(env)
    },
    { name: 'rate limits', consequence: 'the routes use the default limits', check: (env) => loadRateLimitConfig(env) }
]

/** A feature whose configuration is invalid, with the message to log (it names variables, never their values). */
export interface ConfigurationProblem {
    readonly feature: string
    readonly message: string
}

/**
 * Validates every feature's environment variables once, eagerly, when the plugin starts inside
 * Flowise (server or worker). Each invalid feature gives one problem; the features themselves
 * then fall back as `consequence` says instead of failing later inside a node's `init`.
 */
export const checkConfiguration = (env: NodeJS.ProcessEnv = process.env): ConfigurationProblem[] => {
    const problems: ConfigurationProblem[] = []
    for (const feature of FEATURES) {
        try {
            feature.check(env)
        } catch (error) {
            problems.push({
                feature: feature.name,
                message: `[orquesta] ${feature.name}: ${(error as Error).message}; ${feature.consequence}`
            })
        }
    }
    return problems
}
