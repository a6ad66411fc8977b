import { z } from 'zod'
import { TASK_CATEGORIES, type ModelProfile, type TaskCategory } from '../router/types'

const price = z.number().nonnegative().nullish()

/**
 * Orquesta's own keys inside a deployment's `model_info` (LiteLLM passes unknown keys through
 * `/model/info` untouched): quality priors per task category, a latency prior, and a demo flag.
 */
const orquestaInfoSchema = z
    .object({
        quality: z.record(z.string(), z.number().min(0).max(1)).optional(),
        latency_ms: z.number().positive().optional(),
        demo: z.boolean().optional()
    })
    .partial()

const deploymentSchema = z.object({
    model_name: z.string().min(1),
    litellm_params: z.object({ model: z.string().optional() }).passthrough().optional(),
    model_info: z
        .object({
            input_cost_per_token: price,
            output_cost_per_token: price,
            max_input_tokens: z.number().nullish(),
            max_tokens: z.number().nullish(),
            mode: z.string().nullish(),
            supports_function_calling: z.boolean().nullish(),
            supports_vision: z.boolean().nullish(),
            supports_response_schema: z.boolean().nullish(),
            supports_audio_input: z.boolean().nullish(),
            supports_pdf_input: z.boolean().nullish(),
            orquesta: orquestaInfoSchema.nullish()
        })
        .passthrough()
        .nullish()
})

/** The body of the proxy's `GET /model/info`. */
export const modelInfoResponseSchema = z.object({ data: z.array(deploymentSchema) })
export type ModelInfoResponse = z.infer<typeof modelInfoResponseSchema>
type Deployment = ModelInfoResponse['data'][number]

const isCategory = (key: string): key is TaskCategory => (TASK_CATEGORIES as readonly string[]).includes(key)

const profileOf = (deployment: Deployment): ModelProfile => {
    const info = deployment.model_info ?? {}
    const orquesta = info.orquesta ?? {}
    const quality: Partial<Record<TaskCategory, number>> = {}
    for (const [key, value] of Object.entries(orquesta.quality ?? {})) if (isCategory(key)) quality[key] = value
    const route = deployment.litellm_params?.model ?? ''
    return {
        name: deployment.model_name,
        provider: route.includes('/') ? route.slice(0, route.indexOf('/')) : 'openai',
        inputCostPerToken: info.input_cost_per_token ?? 0,
        outputCostPerToken: info.output_cost_per_token ?? 0,
        maxInputTokens: info.max_input_tokens ?? undefined,
        supportsTools: info.supports_function_calling ?? false,
        supportsVision: info.supports_vision ?? false,
        supportsJson: info.supports_response_schema ?? info.supports_function_calling ?? false,
        supportsAudio: info.supports_audio_input ?? false,
        supportsFiles: info.supports_pdf_input ?? false,
        quality,
        priorLatencyMs: orquesta.latency_ms,
        demo: orquesta.demo ?? false
    }
}

/**
 * Several deployments can share one `model_name` (LiteLLM load-balances between them). The
 * router cannot know which one will serve a request, so a group is described conservatively:
 * its highest prices, its smallest context, the capabilities all deployments have, the lowest
 * quality and the highest latency prior.
 */
const mergeGroup = (a: ModelProfile, b: ModelProfile): ModelProfile => {
    const quality: Partial<Record<TaskCategory, number>> = {}
    for (const key of TASK_CATEGORIES) {
        const qa = a.quality[key]
        const qb = b.quality[key]
        if (qa !== undefined && qb !== undefined) quality[key] = Math.min(qa, qb)
    }
    const minDefined = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.min(x, y))
    const maxDefined = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.max(x, y))
    return {
        name: a.name,
        provider: a.provider === b.provider ? a.provider : 'mixed',
        inputCostPerToken: Math.max(a.inputCostPerToken, b.inputCostPerToken),
        outputCostPerToken: Math.max(a.outputCostPerToken, b.outputCostPerToken),
        maxInputTokens: minDefined(a.maxInputTokens, b.maxInputTokens),
        supportsTools: a.supportsTools && b.supportsTools,
        supportsVision: a.supportsVision && b.supportsVision,
        supportsJson: a.supportsJson && b.supportsJson,
        supportsAudio: a.supportsAudio && b.supportsAudio,
        supportsFiles: a.supportsFiles && b.supportsFiles,
        quality,
        priorLatencyMs: maxDefined(a.priorLatencyMs, b.priorLatencyMs),
        demo: a.demo && b.demo
    }
}

/** LiteLLM modes of deployments the router can send chat requests to (no mode means chat). */
const CHAT_MODES = new Set(['chat', 'completion', 'responses'])

/**
 * Turns the proxy's `/model/info` answer into one profile per chat model group, sorted by name;
 * embedding, image, audio and rerank deployments are left out.
 */
export const profilesFromModelInfo = (response: ModelInfoResponse): ModelProfile[] => {
    const groups = new Map<string, ModelProfile>()
    for (const deployment of response.data) {
        const mode = deployment.model_info?.mode
        if (mode && !CHAT_MODES.has(mode)) continue
        const profile = profileOf(deployment)
        const existing = groups.get(profile.name)
        groups.set(profile.name, existing ? mergeGroup(existing, profile) : profile)
    }
    return [...groups.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
}
