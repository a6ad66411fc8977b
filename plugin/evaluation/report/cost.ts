import type { CaseResult, ModelReport } from '../types'

/**
 * The cost part of a model report (USD). Only calls with a known cost are priced; failed calls
 * count as requests (a provider may bill them). Per 1k tokens divides by input + output tokens of
 * the priced calls. Quality per dollar is mean score ÷ mean cost per request (score points per USD
 * per request), undefined when nothing was priced, the model cost nothing, or nothing was graded.
 *
 * @param meanScore the model's overall mean score, undefined when no case was graded
 */
export const measureCost = (results: readonly CaseResult[], meanScore: number | undefined): ModelReport['cost'] => {
    const priced = results.filter((r) => r.costUsd !== undefined)
    const totalUsd = priced.reduce((sum, r) => sum + (r.costUsd ?? 0), 0)
    const tokens = priced.reduce((sum, r) => sum + (r.inputTokens ?? 0) + (r.outputTokens ?? 0), 0)
    const perRequestUsd = priced.length === 0 ? undefined : totalUsd / priced.length
    return {
        totalUsd,
        perRequestUsd,
        per1kTokensUsd: tokens === 0 ? undefined : (totalUsd / tokens) * 1000,
        qualityPerDollar:
            perRequestUsd === undefined || perRequestUsd === 0 || meanScore === undefined ? undefined : meanScore / perRequestUsd
    }
}
