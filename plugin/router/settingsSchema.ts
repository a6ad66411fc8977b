import { z } from 'zod'
import { blankToUndefined, optionalBoolean, optionalNumber, stringList } from '../flowiseInputs'
import { SECURITY_LEVELS } from '../security/securityLevel'
import { CAPABILITIES, STRATEGY_NAMES, TASK_CATEGORIES, type Capability } from './types'

/** The router node's inputs, validated when Flowise builds the flow. */
export const routerSettingsSchema = z.object({
    candidateModels: stringList.refine((list) => list.length > 0, 'select at least one candidate model'),
    strategy: z.preprocess(blankToUndefined, z.enum(STRATEGY_NAMES).default('balanced')),
    taskCategory: z.preprocess(blankToUndefined, z.enum(TASK_CATEGORIES).default('general')),
    minQuality: optionalNumber(z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')),
    maxCostPerRequest: optionalNumber(
        z.number().positive('must be a positive amount in USD').max(100, 'over $100 per request is not a limit')
    ),
    maxLatencyMs: optionalNumber(z.number().int().positive('must be a positive number of ms').max(600_000, 'at most 600000 ms')),
    requiredCapabilities: stringList.pipe(z.array(z.enum(CAPABILITIES as [Capability, ...Capability[]]))),
    preferredModels: stringList,
    temperature: optionalNumber(z.number().min(0).max(2)),
    maxTokens: optionalNumber(z.number().int().positive().max(1_000_000)),
    topP: optionalNumber(z.number().min(0).max(1)),
    frequencyPenalty: optionalNumber(z.number().min(-2, 'must be between -2 and 2').max(2, 'must be between -2 and 2')),
    presencePenalty: optionalNumber(z.number().min(-2, 'must be between -2 and 2').max(2, 'must be between -2 and 2')),
    stopSequence: stringList.refine((list) => list.length <= 4, 'at most 4 stop sequences'),
    allowImageUploads: optionalBoolean(false),
    streaming: optionalBoolean(true),
    maxAttempts: optionalNumber(z.number().int().min(1).max(10)).default(3),
    attemptTimeoutMs: optionalNumber(z.number().int().min(100).max(600_000)).default(30_000),
    totalTimeoutMs: optionalNumber(z.number().int().min(100).max(1_800_000)).default(60_000),
    defaultOutputTokens: optionalNumber(z.number().int().positive().max(1_000_000)).default(256),
    endUser: z.preprocess(blankToUndefined, z.string().max(256).optional()),
    tags: stringList,
    securityLevel: z.preprocess(blankToUndefined, z.enum(SECURITY_LEVELS).optional())
})

export type RouterSettings = z.infer<typeof routerSettingsSchema>

/** Thrown when the node's inputs are invalid; names every bad field. */
export class InvalidRouterSettingsError extends Error {
    constructor(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
        super(
            `Invalid LiteLLM Router settings: ${issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`).join('; ')}`
        )
        this.name = 'InvalidRouterSettingsError'
    }
}

const SETTING_NAMES = Object.keys(routerSettingsSchema.shape) as (keyof RouterSettings)[]
/** Parsed settings by their raw inputs: Flowise builds the node again for every prediction. */
const parsedByInputs = new Map<string, RouterSettings>()
const MAX_REMEMBERED = 256

/** Validates raw node inputs into settings, or throws {@link InvalidRouterSettingsError}. */
export const parseRouterSettings = (inputs: Record<string, unknown> | undefined): RouterSettings => {
    const raw = inputs ?? {}
    // Only the settings' own inputs form the key: others (the cache input) hold live objects.
    const key = JSON.stringify(SETTING_NAMES.map((name) => raw[name]))
    const known = parsedByInputs.get(key)
    if (known) return known
    const parsed = routerSettingsSchema.safeParse(raw)
    if (!parsed.success) throw new InvalidRouterSettingsError(parsed.error.issues)
    if (parsedByInputs.size >= MAX_REMEMBERED) parsedByInputs.delete(parsedByInputs.keys().next().value!)
    parsedByInputs.set(key, Object.freeze(parsed.data))
    return parsed.data
}
