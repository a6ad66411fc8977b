import type { TaskCategory } from '../router/types'

/**
 * The shared vocabulary of the evaluation engine: suites and their cases, what one model
 * answered to one case, and the reports built from those answers. Suites are parsed into these
 * types at the boundary (`suite/`), the runner produces {@link CaseResult}s, the store keeps
 * them, and the statistics turn them into {@link ModelReport}s and {@link Comparison}s.
 */

/** Categories every suite case belongs to (a subset of the router's task categories). */
export const EVALUATION_CATEGORIES = ['reasoning', 'coding', 'instruction-following', 'factuality', 'extraction'] as const
export type EvaluationCategory = (typeof EVALUATION_CATEGORIES)[number] & TaskCategory

/** The category of cases that name none: they count in a model's overall figures only, never per category. */
export const UNCATEGORISED = 'uncategorised'
/** The category a case carries: one of {@link EVALUATION_CATEGORIES}, or {@link UNCATEGORISED}. */
export type CaseCategory = EvaluationCategory | typeof UNCATEGORISED

export interface ChatMessage {
    readonly role: 'system' | 'user' | 'assistant'
    readonly content: string
}

/** The judge of `llm-rubric` assertions, pinned per suite: changing it invalidates a baseline. */
export interface JudgeSettings {
    /** A model name of the LiteLLM proxy. */
    readonly model: string
    readonly temperature: number
}

/** What an LLM judge said about one output. */
export interface JudgeVerdict {
    readonly pass: boolean
    /** In [0, 1]. */
    readonly score: number
    readonly reason: string
}

/** Asks the suite's pinned judge to grade `output` against `rubric`. */
export type Judge = (request: { readonly rubric: string; readonly output: string; readonly prompt: string }) => Promise<JudgeVerdict>

/** The outcome of one assertion on one output. */
export interface AssertionResult {
    /** The assertion's type (`equals`, `contains`, …). */
    readonly type: string
    readonly pass: boolean
    /** In [0, 1]; 1 or 0 for binary assertions. */
    readonly score: number
    /** Why it passed or failed, with the figures or text that decided it. */
    readonly reason: string
    /** promptfoo's `metric`: the named score this assertion feeds. */
    readonly metric?: string
    /** promptfoo's `weight` (default 1); 0 records the result without counting it. */
    readonly weight?: number
}

/** One case of a suite, parsed and validated. */
export interface EvaluationCase {
    /** Unique within its suite; results of two runs are paired by it. */
    readonly id: string
    readonly category: CaseCategory
    readonly messages: readonly ChatMessage[]
    /** How many times the case is asked per model (≥ 1). */
    readonly repeats: number
    /** Maximum output tokens for the answer. */
    readonly maxTokens?: number
    /** Parsed assertions, opaque to the runner: evaluated by `assertions/`. */
    readonly assertions: readonly unknown[]
    /** A hand-checked correct answer; the suite's own tests check that it passes the assertions. */
    readonly reference?: string
    /** Template variables of a case converted from a promptfoo file; `javascript` assertions see them as `context.vars`. */
    readonly vars?: Readonly<Record<string, unknown>>
    /** promptfoo's test `threshold`: the case passes when its weighted score is at least this, whatever single assertions say. */
    readonly threshold?: number
    /** promptfoo's test `options.transform`: sandboxed JavaScript applied to the answer before every assertion. */
    readonly transform?: string
}

export interface EvaluationSuite {
    readonly name: string
    readonly description?: string
    /** A hash of the suite's content: runs of different suite versions are not compared blindly. */
    readonly hash: string
    readonly judge?: JudgeSettings
    /** The proxy model that embeds texts for `similar` assertions, pinned per suite like the judge. */
    readonly embeddingModel?: string
    readonly cases: readonly EvaluationCase[]
}

/** What one model answered to one repeat of one case, and how it was graded. */
export interface CaseResult {
    readonly runId: string
    readonly model: string
    readonly caseId: string
    readonly category: CaseCategory
    /** 0-based repeat index. */
    readonly repeat: number
    /** The model's answer; undefined when the call failed. */
    readonly output?: string
    readonly assertions: readonly AssertionResult[]
    /** Whether every assertion passed; undefined when the call failed (an error is not a wrong answer). */
    readonly pass?: boolean
    /** Mean assertion score in [0, 1]; undefined when the call failed. */
    readonly score?: number
    /** The provider or proxy error, when the call failed. */
    readonly error?: string
    /** Wall time of the call (ms). */
    readonly latencyMs: number
    /** Time to the first streamed token (ms), when any arrived. */
    readonly ttftMs?: number
    readonly inputTokens?: number
    readonly outputTokens?: number
    /** usage × the proxy's prices (USD). */
    readonly costUsd?: number
    /** What the proxy reported in `x-litellm-response-cost` (USD), for the cross-check. */
    readonly proxyCostUsd?: number
    /** Model calls the answer took (flow evaluations: a flow may call several models, or none). */
    readonly providerCalls?: number
    /** When the result was recorded (ms since the epoch). */
    readonly at: number
}

/** A proportion or mean with its 95% confidence interval. */
export interface Estimate {
    readonly value: number
    readonly low: number
    readonly high: number
    /** Number of observations it is based on: graded cases (repeats averaged per case) for quality, calls for the error rate. */
    readonly n: number
}

/** The report on one model in one run, as the original plan named its parts. */
export interface ModelReport {
    readonly model: string
    readonly quality: {
        /** Mean score over graded cases, each case the mean of its graded repeats. */
        readonly overall: Estimate
        /** Mean over graded cases of each case's pass rate over its graded repeats. */
        readonly passRate: Estimate
        readonly categories: Readonly<Partial<Record<EvaluationCategory, { readonly score: Estimate; readonly passRate: Estimate }>>>
    }
    readonly performance: {
        readonly p50LatencyMs?: number
        readonly p95LatencyMs?: number
        readonly p50TtftMs?: number
        /** Output tokens per second of generation, median over calls. */
        readonly tokensPerSecond?: number
        /** Failed calls ÷ all calls. */
        readonly errorRate: Estimate
    }
    readonly cost: {
        readonly totalUsd: number
        readonly perRequestUsd?: number
        readonly per1kTokensUsd?: number
        /** Mean score per USD spent per request; undefined when the model costs nothing. */
        readonly qualityPerDollar?: number
    }
    readonly recommendations: readonly string[]
}

/** The verdict on one metric of one (model, category) between a baseline and a candidate run. */
export type ComparisonVerdict = 'regression' | 'improvement' | 'no-significant-change' | 'insufficient-data'

export interface ComparisonRow {
    readonly model: string
    /** A category, or `overall`. */
    readonly scope: EvaluationCategory | 'overall'
    /** Cases present in both runs with a graded result. */
    readonly pairedCases: number
    /** Cases present in both runs left out of the pairing because a call failed in either run. */
    readonly excludedCases?: number
    readonly baselinePassRate: number
    readonly candidatePassRate: number
    readonly baselineScore: number
    readonly candidateScore: number
    /** Candidate − baseline mean score, with its paired-bootstrap 95% interval. */
    readonly scoreDelta: Estimate
    /** Exact McNemar p-value on discordant pass/fail pairs, before correction. */
    readonly mcnemarP: number
    /** Paired-bootstrap p-value on the score difference, before correction. */
    readonly bootstrapP: number
    /** The smaller of the two p-values after Holm's correction over all rows of the comparison. */
    readonly adjustedP: number
    readonly verdict: ComparisonVerdict
    readonly reason: string
}

export interface Comparison {
    readonly baselineRunId: string
    readonly candidateRunId: string
    readonly rows: readonly ComparisonRow[]
    /** Rows whose verdict is `regression`. */
    readonly regressions: readonly ComparisonRow[]
}
