import { z } from 'zod'

/**
 * How sensitive a flow's data is, one vocabulary for the whole plugin: the router node's
 * Security Level input (a trace tag `security:<level>` and LiteLLM metadata) and the
 * orchestrator's `securityLevel` (which nodes a generated flow may hold). Ordered from the
 * least to the most sensitive.
 */
export const SECURITY_LEVELS = ['public', 'internal', 'confidential', 'restricted'] as const
export type SecurityLevel = (typeof SECURITY_LEVELS)[number]

/** Shorter names the orchestrator's requests may use for the same levels (`low` is `public`, `high` is `confidential`). */
export const SECURITY_LEVEL_ALIASES: Readonly<Record<string, SecurityLevel>> = { low: 'public', medium: 'internal', high: 'confidential' }

/** The level of a request that names none. */
export const DEFAULT_SECURITY_LEVEL: SecurityLevel = 'internal'

/** A level by its name or alias, read as the one vocabulary. */
export const securityLevelSchema = z
    .string()
    .transform((value) => SECURITY_LEVEL_ALIASES[value.toLowerCase()] ?? value.toLowerCase())
    .pipe(
        z.enum(SECURITY_LEVELS, {
            errorMap: () => ({
                message: `securityLevel is one of ${[...SECURITY_LEVELS, ...Object.keys(SECURITY_LEVEL_ALIASES)].join(', ')}`
            })
        })
    )

const rank = (level: SecurityLevel) => SECURITY_LEVELS.indexOf(level)

/** Risky kinds of node a generated flow may hold only when asked for and the level allows it. */
export type NodeRisk = 'runs-code' | 'reaches-urls' | 'touches-files'

/** The most sensitive level at which each risk is still allowed (when the request asks for it). */
const HIGHEST_ALLOWED: Readonly<Record<NodeRisk, SecurityLevel>> = {
    'runs-code': 'public',
    'touches-files': 'public',
    'reaches-urls': 'internal'
}

/** Whether a flow at `level` may hold a node with `risk` that its request asked for. */
export const allowsRisk = (level: SecurityLevel, risk: NodeRisk): boolean => rank(level) <= rank(HIGHEST_ALLOWED[risk])
