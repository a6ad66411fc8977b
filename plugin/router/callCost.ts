import type { ModelProfile } from './types'

/** Token usage of one call, as the provider reported it through the proxy. */
export interface TokenUsage {
    readonly inputTokens: number
    readonly outputTokens: number
}

/** What one successful call cost (USD), computed and as the proxy reported it. */
export interface CallCost {
    /** usage × the proxy's per-token prices (USD). */
    readonly computedUsd: number
    /** The proxy's `x-litellm-response-cost` header (USD), when it sent one. */
    readonly proxyUsd?: number
    /** True when both exist and differ by more than 1% (and more than a micro-dollar). */
    readonly mismatch: boolean
}

/** Relative tolerance between our cost and the proxy's before they count as different. */
const RELATIVE_TOLERANCE = 0.01
const ABSOLUTE_TOLERANCE_USD = 1e-6

/**
 * Computes the cost of a call from its usage and the model's prices and cross-checks it with
 * the proxy's own figure. LiteLLM's header is known to be wrong or zero in some set-ups (custom
 * prices, reasoning tokens), so the computed figure is the one reported; a mismatch is flagged.
 */
export const computeCallCost = (model: ModelProfile, usage: TokenUsage, proxyHeader?: string | null): CallCost => {
    const computedUsd = usage.inputTokens * model.inputCostPerToken + usage.outputTokens * model.outputCostPerToken
    const parsed = proxyHeader === undefined || proxyHeader === null || proxyHeader === '' ? NaN : Number(proxyHeader)
    if (!Number.isFinite(parsed)) return { computedUsd, mismatch: false }
    const difference = Math.abs(parsed - computedUsd)
    const mismatch = difference > ABSOLUTE_TOLERANCE_USD && difference > RELATIVE_TOLERANCE * Math.max(parsed, computedUsd)
    return { computedUsd, proxyUsd: parsed, mismatch }
}
