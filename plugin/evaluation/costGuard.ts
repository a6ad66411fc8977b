import type { ModelProfile } from '../router/types'
import { JUDGED_ASSERTION_TYPES } from './assertions/judged'
import type { EvaluationCase, EvaluationSuite } from './types'

/** The limits on what evaluations may spend, from the server's settings. */
export interface CostLimits {
    /** Runs queued or running at once, over every replica. */
    readonly maxActiveRuns: number
    /** Calls one run may make: models × cases × repeats. */
    readonly maxCallsPerRun: number
    /** What evaluations may spend per UTC day (USD); no budget when undefined. */
    readonly dailyBudgetUsd?: number
}

/** Why a run is refused; `status` is the HTTP answer, `code` stable for callers. */
export type RefusalCode = 'too-many-calls' | 'too-many-active-runs' | 'over-daily-budget'

/** A run the cost guard refuses to start, created where the limit is checked. */
export class EvaluationRefusedError extends Error {
    readonly status: number
    constructor(
        readonly code: RefusalCode,
        message: string
    ) {
        super(message)
        this.name = 'EvaluationRefusedError'
        this.status = code === 'too-many-calls' ? 400 : code === 'too-many-active-runs' ? 429 : 402
    }
}

/** Output tokens assumed for a case without `maxTokens`, for the estimate. */
const ASSUMED_OUTPUT_TOKENS = 512
/** Characters per token assumed for the estimate of the prompt's tokens. */
const CHARS_PER_TOKEN = 4

/** Calls a run of `suite` on `models` makes. */
export const callsOf = (suite: EvaluationSuite, models: readonly string[]): number =>
    models.length * suite.cases.reduce((sum, c) => sum + c.repeats, 0)

/** Output tokens assumed for one judge verdict (a score and a sentence of reasons). */
const JUDGE_OUTPUT_TOKENS = 150

const tokensOf = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN)

/** Judge calls one answer to `testCase` costs: one per judge-graded assertion. */
const judgeCallsOf = (testCase: EvaluationCase): number =>
    testCase.assertions.filter((a) => JUDGED_ASSERTION_TYPES.has((a as { type?: string }).type ?? '')).length

/**
 * What a run should cost at most (USD), from the proxy's prices (`/model/info`): each call's
 * prompt at about 4 characters per token plus its `maxTokens` (512 when unset) of answer, and
 * for each judge-graded assertion one call to the suite's judge (the prompt, the rubric and that
 * answer in, 150 tokens out). A model without a price counts as free: the estimate is then a
 * lower bound, and the actual cost is still checked while the run goes on.
 */
export const estimateRunCostUsd = (
    suite: EvaluationSuite,
    models: readonly string[],
    profile: (model: string) => ModelProfile | undefined
): number => {
    const judge = suite.judge ? profile(suite.judge.model) : undefined
    let total = 0
    for (const model of models) {
        const prices = profile(model)
        for (const testCase of suite.cases) {
            const inputTokens = tokensOf(testCase.messages.map((m) => m.content).join(''))
            const outputTokens = testCase.maxTokens ?? ASSUMED_OUTPUT_TOKENS
            let call = prices ? inputTokens * prices.inputCostPerToken + outputTokens * prices.outputCostPerToken : 0
            const judgeCalls = judge ? judgeCallsOf(testCase) : 0
            if (judge && judgeCalls > 0) {
                const rubricTokens = tokensOf(JSON.stringify(testCase.assertions))
                const judgeIn = inputTokens + outputTokens + rubricTokens
                call += judgeCalls * (judgeIn * judge.inputCostPerToken + JUDGE_OUTPUT_TOKENS * judge.outputCostPerToken)
            }
            total += testCase.repeats * call
        }
    }
    return total
}

/** Milliseconds since the epoch at the start of the UTC day of `now`. */
export const startOfUtcDay = (now: number): number => {
    const day = new Date(now)
    day.setUTCHours(0, 0, 0, 0)
    return day.getTime()
}

/** The refusal for a run, or undefined when it may start. */
export const checkRunStart = (
    limits: CostLimits,
    facts: { readonly calls: number; readonly activeRuns: number; readonly spentTodayUsd: number; readonly estimateUsd: number }
): EvaluationRefusedError | undefined => {
    if (facts.calls > limits.maxCallsPerRun) {
        return new EvaluationRefusedError(
            'too-many-calls',
            `the run would make ${facts.calls} calls (models × cases × repeats); at most ${limits.maxCallsPerRun} (ORQUESTA_EVAL_MAX_CALLS_PER_RUN): choose fewer models or a smaller suite`
        )
    }
    if (facts.activeRuns >= limits.maxActiveRuns) {
        return new EvaluationRefusedError(
            'too-many-active-runs',
            `${facts.activeRuns} evaluation runs are queued or running; at most ${limits.maxActiveRuns} (ORQUESTA_EVAL_MAX_ACTIVE_RUNS): wait for one to finish`
        )
    }
    const budget = limits.dailyBudgetUsd
    if (budget !== undefined && facts.spentTodayUsd + facts.estimateUsd > budget) {
        return new EvaluationRefusedError(
            'over-daily-budget',
            `the run is estimated at ${usd(facts.estimateUsd)} and evaluations spent ${usd(facts.spentTodayUsd)} today; the daily budget is ${usd(budget)} (ORQUESTA_EVAL_DAILY_BUDGET_USD)`
        )
    }
    return undefined
}

export const usd = (amount: number): string => `${amount.toFixed(amount < 0.01 ? 6 : 4)} USD`
