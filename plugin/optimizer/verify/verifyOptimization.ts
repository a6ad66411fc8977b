import type { ProviderCalls } from './providerCalls'
import type { QuestionSource } from './verifyQuestions'

/** One flow answering one question, as measured inside the host. */
export interface FlowRun {
    readonly text?: string
    /** What failed, when the prediction did. */
    readonly error?: string
    readonly calls: ProviderCalls
    /** ms from the question to the answer. */
    readonly ms: number
}

/**
 * How the two answers compare: `exact`; `varies` (they differ, but the flow samples its models,
 * so two runs of the original differ too); `differs` (a flow at temperature 0 answered
 * differently); or which side failed.
 */
export type Agreement = 'exact' | 'varies' | 'differs' | 'optimized-failed' | 'original-failed' | 'both-failed'

export interface QuestionResult {
    readonly question: string
    readonly agreement: Agreement
    readonly original: FlowRun
    readonly optimized: FlowRun
}

export interface SideTotals {
    readonly calls: number
    /** USD measured from LiteLLM's cost headers. */
    readonly costUsd: number
    /** Calls no header priced: the cost above misses them. */
    readonly unpricedCalls: number
}

export interface VerificationReport {
    readonly source: QuestionSource
    readonly results: readonly QuestionResult[]
    /** Questions not asked, and why (the budget). */
    readonly notAsked: readonly { readonly question: string; readonly reason: string }[]
    readonly original: SideTotals
    readonly optimized: SideTotals
    /** USD the verification may spend (both sides together), and what it measured. */
    readonly budgetUsd: number
    readonly spentUsd: number
    /** The optimized flow did worse on some question (failed where the original answered, or answered differently at temperature 0). */
    readonly regression: boolean
    readonly reasons: readonly string[]
}

export interface VerifyOptions {
    readonly questions: readonly string[]
    readonly source: QuestionSource
    readonly runOriginal: (question: string) => Promise<FlowRun>
    readonly runOptimized: (question: string) => Promise<FlowRun>
    /** Whether the flow's models sample (a temperature above 0, or the provider's default): then answers may vary. */
    readonly sampled: boolean
    /** USD both sides together may spend. */
    readonly budgetUsd: number
    /** USD one question is expected to cost on both sides together (the estimates' most calls), when known. */
    readonly expectedCostPerQuestionUsd?: number
}

const agreementOf = (original: FlowRun, optimized: FlowRun, sampled: boolean): Agreement => {
    if (original.error !== undefined && optimized.error !== undefined) return 'both-failed'
    if (optimized.error !== undefined) return 'optimized-failed'
    if (original.error !== undefined) return 'original-failed'
    if (original.text === optimized.text) return 'exact'
    return sampled ? 'varies' : 'differs'
}

const totals = (runs: readonly FlowRun[]): SideTotals => ({
    calls: runs.reduce((t, r) => t + r.calls.count, 0),
    costUsd: runs.reduce((t, r) => t + r.calls.costUsd, 0),
    unpricedCalls: runs.reduce((t, r) => t + r.calls.unpriced, 0)
})

/**
 * Asks both flows each question, one after the other, and compares the answers. Spending is
 * bounded: a question is asked only while what was measured plus what the next question is
 * expected to cost (the last measured pair, else the estimate) stays within the budget; when the
 * calls cannot be priced and nothing estimates them, only the first question is asked.
 */
export const verifyOptimization = async (options: VerifyOptions): Promise<VerificationReport> => {
    const results: QuestionResult[] = []
    const notAsked: { question: string; reason: string }[] = []
    let spent = 0
    let lastPairUsd: number | undefined
    let unpriced = false
    for (const question of options.questions) {
        const expected = lastPairUsd ?? options.expectedCostPerQuestionUsd
        if (results.length > 0 && unpriced && options.expectedCostPerQuestionUsd === undefined) {
            notAsked.push({
                question,
                reason: 'the calls are not priced (no LiteLLM cost header) and nothing estimates them: one question only'
            })
            continue
        }
        if (expected !== undefined && spent + expected > options.budgetUsd) {
            notAsked.push({
                question,
                reason: `the budget of $${options.budgetUsd} would be exceeded ($${spent.toPrecision(3)} spent, about $${expected.toPrecision(3)} per question)`
            })
            continue
        }
        const original = await options.runOriginal(question)
        const optimized = await options.runOptimized(question)
        const pair = original.calls.costUsd + optimized.calls.costUsd
        spent += pair
        unpriced ||= original.calls.unpriced + optimized.calls.unpriced > 0
        lastPairUsd = unpriced ? (options.expectedCostPerQuestionUsd ?? pair) : pair
        results.push({ question, agreement: agreementOf(original, optimized, options.sampled), original, optimized })
    }
    const reasons = results.flatMap((r) =>
        r.agreement === 'optimized-failed'
            ? [`"${r.question}": the optimized flow failed (${r.optimized.error}) where the original answered`]
            : r.agreement === 'differs'
              ? [`"${r.question}": the optimized flow answered differently, and the flow's models do not sample (temperature 0)`]
              : []
    )
    return {
        source: options.source,
        results,
        notAsked,
        original: totals(results.map((r) => r.original)),
        optimized: totals(results.map((r) => r.optimized)),
        budgetUsd: options.budgetUsd,
        spentUsd: spent,
        regression: reasons.length > 0,
        reasons
    }
}
