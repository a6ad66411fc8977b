import { z } from 'zod'
import { optionalNumber, stringList } from '../flowiseInputs'
import type { OptimizeConstraints } from '../optimizer/types'

/**
 * The one definition of the Flow Optimizer's limits, used by the REST route, the node's inputs
 * and the agent's tool input, so that the same value is valid (or not, with the same message)
 * wherever it is set.
 */
const field = {
    maxCostUsd: z
        .number({ invalid_type_error: 'maxCostUsd must be a number (USD)' })
        .positive('maxCostUsd must be a positive amount in USD')
        .max(100, 'maxCostUsd is at most 100 USD per request'),
    maxLatencyMs: z
        .number({ invalid_type_error: 'maxLatencyMs must be a number (ms)' })
        .int('maxLatencyMs must be a whole number of ms')
        .positive('maxLatencyMs must be a positive number of ms')
        .max(600_000, 'maxLatencyMs is at most 600000 ms'),
    minQuality: z
        .number({ invalid_type_error: 'minQuality must be a number between 0 and 1' })
        .min(0, 'minQuality must be between 0 and 1')
        .max(1, 'minQuality must be between 0 and 1'),
    preferredModels: z
        .array(z.string().min(1, 'preferredModels may not contain an empty name').max(200), {
            invalid_type_error: 'preferredModels must be a list of model names'
        })
        .max(50, 'preferredModels lists at most 50 models'),
    redisCredentialId: z.string().min(1, 'redisCredentialId must not be empty').max(100)
}

/** The limits as the REST route takes them (JSON numbers and lists; unknown keys refused). */
export const constraintsSchema = z
    .object({
        maxCostUsd: field.maxCostUsd.optional(),
        maxLatencyMs: field.maxLatencyMs.optional(),
        minQuality: field.minQuality.optional(),
        preferredModels: field.preferredModels.optional(),
        redisCredentialId: field.redisCredentialId.optional()
    })
    .strict()

/** The limits as a node's inputs hold them (numbers as text, lists as comma lists, blanks). */
export const nodeConstraintsSchema = z.object({
    maxCostUsd: optionalNumber(field.maxCostUsd),
    maxLatencyMs: optionalNumber(field.maxLatencyMs),
    minQuality: optionalNumber(field.minQuality),
    preferredModels: stringList.pipe(field.preferredModels).transform((models) => (models.length > 0 ? models : undefined))
})

/** The limits an agent may set through the tool: the same fields, without the author's credential. */
export const agentConstraintsShape = {
    maxCostUsd: field.maxCostUsd.optional().describe('Maximum cost per request in USD (can only lower the node author’s limit)'),
    maxLatencyMs: field.maxLatencyMs.optional().describe('Maximum latency in milliseconds (can only lower the node author’s limit)'),
    minQuality: field.minQuality.optional().describe('Minimum quality between 0 and 1 (can only raise the node author’s limit)'),
    preferredModels: field.preferredModels.optional().describe('Models to prefer (only among the node author’s preferred models, when set)')
}

export type AgentConstraints = Partial<Pick<OptimizeConstraints, 'maxCostUsd' | 'maxLatencyMs' | 'minQuality' | 'preferredModels'>>

const lower = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b))
const higher = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b))

/**
 * The author's limits tightened by an agent's, never loosened: the lower cost and latency caps,
 * the higher quality floor, and preferred models only among the author's (when the author named
 * any). The author's Redis credential stays. Throws when the agent's models are all outside the
 * author's list, saying which are allowed.
 */
export const tightenConstraints = (author: OptimizeConstraints, agent: AgentConstraints): OptimizeConstraints => {
    let preferredModels = agent.preferredModels ?? author.preferredModels
    if (author.preferredModels && agent.preferredModels) {
        preferredModels = agent.preferredModels.filter((m) => author.preferredModels!.includes(m))
        if (preferredModels.length === 0) {
            throw new Error(
                `the preferred models ${agent.preferredModels.join(', ')} are outside this node's (${author.preferredModels.join(', ')}); choose among those`
            )
        }
    }
    return Object.fromEntries(
        Object.entries({
            maxCostUsd: lower(author.maxCostUsd, agent.maxCostUsd),
            maxLatencyMs: lower(author.maxLatencyMs, agent.maxLatencyMs),
            minQuality: higher(author.minQuality, agent.minQuality),
            preferredModels,
            redisCredentialId: author.redisCredentialId
        }).filter(([, value]) => value !== undefined)
    ) as OptimizeConstraints
}
