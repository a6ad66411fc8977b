/** A capability a request may require of a model: tool calls, images, JSON output, audio input, file (PDF) input. */
export type Capability = 'tools' | 'vision' | 'json' | 'audio' | 'file'

/** Every capability the router understands, in display order. */
export const CAPABILITIES: readonly Capability[] = ['tools', 'vision', 'json', 'audio', 'file']

/** Task categories that quality scores are kept for (the evaluation suites use the same names). */
export const TASK_CATEGORIES = ['general', 'reasoning', 'coding', 'instruction-following', 'factuality', 'extraction'] as const
export type TaskCategory = (typeof TASK_CATEGORIES)[number]

/** What the router knows about one model group of the LiteLLM proxy. */
export interface ModelProfile {
    /** The proxy's `model_name`: the alias clients send. */
    readonly name: string
    /** Provider prefix of the deployment (`openai`, `anthropic`, …). */
    readonly provider: string
    /** USD per input token. */
    readonly inputCostPerToken: number
    /** USD per output token. */
    readonly outputCostPerToken: number
    /** Context window in tokens, when the proxy reports one. */
    readonly maxInputTokens?: number
    readonly supportsTools: boolean
    readonly supportsVision: boolean
    readonly supportsJson: boolean
    /** Audio input parts (LiteLLM `supports_audio_input`). */
    readonly supportsAudio: boolean
    /** File (PDF) input parts (LiteLLM `supports_pdf_input`). */
    readonly supportsFiles: boolean
    /** Quality in [0, 1] per task category; `general` is the fallback for unlisted categories. */
    readonly quality: Readonly<Partial<Record<TaskCategory, number>>>
    /** Typical latency (ms) from the config, used until the router has observed the model. */
    readonly priorLatencyMs?: number
    /** Whether the proxy serves this model without an upstream provider (LiteLLM `mock_response`). */
    readonly demo: boolean
    /** The evaluation run its measured quality and latency come from; undefined while they are the config's priors. */
    readonly measuredBy?: string
}

/** The facts a strategy ranks: one admitted model and its estimates for this request. */
export interface CandidateFacts {
    readonly model: ModelProfile
    /** Estimated cost of this request (USD). */
    readonly costUsd: number
    /** Expected latency (ms), or undefined when nothing is known. */
    readonly latencyMs: number | undefined
    /** Quality in [0, 1] for the request's category, or undefined when nothing is known. */
    readonly quality: number | undefined
}

/** Why a model was not admitted for a request. */
export type ExclusionReason = 'missing-capability' | 'context-too-long' | 'over-cost' | 'over-latency' | 'under-quality'

export interface Exclusion {
    readonly model: string
    readonly reason: ExclusionReason
    /** Human-readable explanation with the figures that decided it. */
    readonly detail: string
}

/** An admitted candidate with its strategy score (higher is better). */
export interface RankedCandidate extends CandidateFacts {
    readonly score: number
}

/** Every routing strategy name (one file each in `strategies/`). */
export const STRATEGY_NAMES = ['balanced', 'cost-based', 'latency-based', 'quality-first'] as const
export type StrategyName = (typeof STRATEGY_NAMES)[number]

/** The request-side inputs of a routing decision. */
export interface SelectionRequest {
    /** Estimated prompt tokens. */
    readonly inputTokens: number
    /** Output tokens budgeted for the answer (the request's max tokens, or the router's default). */
    readonly outputTokens: number
    readonly required: readonly Capability[]
    readonly category: TaskCategory
    /** Minimum quality in [0, 1]. */
    readonly minQuality?: number
    /** Maximum estimated cost per request (USD). */
    readonly maxCostUsd?: number
    /** Maximum expected latency (ms). */
    readonly maxLatencyMs?: number
    /** Models to use first, in this order, when they are admitted. */
    readonly preferred: readonly string[]
    readonly strategy: StrategyName
}

/** The outcome of one routing decision: the order to try models in, and why others were left out. */
export interface Decision {
    readonly strategy: StrategyName
    /** Admitted candidates, best first: the first is chosen, the rest are fallbacks. */
    readonly ranked: readonly RankedCandidate[]
    readonly excluded: readonly Exclusion[]
}
