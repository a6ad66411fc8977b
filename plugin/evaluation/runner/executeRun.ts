import pLimit from 'p-limit'
import type { ProxyEndpoint } from '../../litellm/LiteLLMClient'
import { computeCallCost } from '../../router/callCost'
import type { ModelProfile } from '../../router/types'
import { resultKey, type EvaluationStore, type RunRecord } from '../store/EvaluationStore'
import type { Grade } from '../assertions/gradeOutput'
import type { CallMeasurement } from '../assertions/types'
import type { CaseResult, EvaluationCase, EvaluationSuite } from '../types'
import { CompletionFailedError, streamChatCompletion, type MeasuredCompletion } from './streamChatCompletion'

/**
 * Grades one answer to one case (the assertions engine, bound to the suite's judge). Throws when
 * grading itself failed (the judge could not be asked), which records the case as an error.
 */
export type Grader = (testCase: EvaluationCase, output: string, call?: CallMeasurement) => Promise<Grade>

/** An answer to one case, measured: a model's through the proxy, or a flow's through the host. */
export interface MeasuredAnswer extends MeasuredCompletion {
    /** What the answer cost (USD) when measured directly (a flow's provider calls); else computed from tokens and prices. */
    readonly costUsd?: number
    /** Model calls the answer took. */
    readonly providerCalls?: number
}

/** Asks one target (`model` is a run's model or flow label) one case; throws when it could not answer. */
export type Asker = (model: string, testCase: EvaluationCase, run: RunRecord) => Promise<MeasuredAnswer>

export interface ExecuteRunOptions {
    /** Asks a target a case; the default streams the case's messages to the model through the proxy. */
    readonly ask?: Asker
    readonly store: EvaluationStore
    readonly endpoint: ProxyEndpoint
    readonly grade: Grader
    /** The proxy's profile of a model (its prices), for costs. */
    readonly profile: (model: string) => ModelProfile | undefined
    /** Calls in flight at once, over all models. */
    readonly concurrency: number
    /** Time limit of one call (ms). */
    readonly timeoutMs: number
    /** Sampling temperature of the evaluated models (0: as repeatable as the provider allows). */
    readonly temperature?: number
    /** How often a running run proves it is alive (ms). */
    readonly heartbeatMs?: number
    /** Stops the run between calls; it is then recorded as incomplete. */
    readonly signal?: AbortSignal
    /** Asked before each call: a reason stops the run there (recorded as incomplete with it), e.g. the daily budget is spent. */
    readonly stopReason?: () => string | undefined
    readonly onResult?: (result: CaseResult) => void
    readonly clock?: () => number
}

export interface RunOutcome {
    readonly status: 'completed' | 'incomplete' | 'failed'
    /** Results recorded by this execution (a resumed run's earlier results are in the store). */
    readonly recorded: number
    readonly error?: string
}

interface WorkItem {
    readonly model: string
    readonly testCase: EvaluationCase
    readonly repeat: number
}

/**
 * Asks every (model, case, repeat) of a run that the store does not hold yet, at most
 * `concurrency` at a time, grades each answer and records it at once. A failed call is recorded
 * as an error (not as a wrong answer). Finishes the run as completed, or as incomplete when
 * stopped through `signal`.
 */
export const executeRun = async (run: RunRecord, suite: EvaluationSuite, options: ExecuteRunOptions): Promise<RunOutcome> => {
    const { store } = options
    const clock = options.clock ?? Date.now
    const done = await store.recordedKeys(run.id)
    const work: WorkItem[] = []
    for (const model of run.models) {
        for (const testCase of suite.cases) {
            for (let repeat = 0; repeat < testCase.repeats; repeat++) {
                if (!done.has(resultKey(model, testCase.id, repeat))) work.push({ model, testCase, repeat })
            }
        }
    }
    const heartbeat = setInterval(() => void store.heartbeat(run.id, clock()).catch(() => undefined), options.heartbeatMs ?? 10_000)
    heartbeat.unref()
    const limit = pLimit(Math.max(1, options.concurrency))
    let recorded = 0
    // The first store failure stops the run: the calls still queued are not made.
    let failure: Error | undefined
    let stopped: string | undefined
    await Promise.all(
        work.map((item) =>
            limit(async () => {
                if (options.signal?.aborted || failure || stopped) return
                stopped = options.stopReason?.()
                if (stopped) return
                try {
                    const result = await evaluateItem(run, item, options, clock)
                    await store.recordResult(result)
                    recorded++
                    options.onResult?.(result)
                } catch (error) {
                    failure ??= error as Error
                }
            })
        )
    )
    clearInterval(heartbeat)
    if (failure) {
        await store.finishRun(run.id, 'failed', clock(), failure.message).catch(() => undefined)
        return { status: 'failed', recorded, error: failure.message }
    }
    const status = options.signal?.aborted || stopped ? 'incomplete' : 'completed'
    const error =
        status === 'completed'
            ? undefined
            : stopped
              ? `${stopped}; resume it with POST /runs/{id}/resume`
              : 'stopped before it finished; resume it with POST /runs/{id}/resume'
    await store.finishRun(run.id, status, clock(), error)
    return { status, recorded, error }
}

const evaluateItem = async (
    run: RunRecord,
    { model, testCase, repeat }: WorkItem,
    options: ExecuteRunOptions,
    clock: () => number
): Promise<CaseResult> => {
    const base = { runId: run.id, model, caseId: testCase.id, category: testCase.category, repeat }
    let answer: MeasuredAnswer
    try {
        answer = options.ask
            ? await options.ask(model, testCase, run)
            : await streamChatCompletion(options.endpoint, {
                  model,
                  messages: testCase.messages,
                  maxTokens: testCase.maxTokens,
                  temperature: options.temperature ?? 0,
                  timeoutMs: options.timeoutMs,
                  metadata: { tags: ['orquesta-evaluation'], orquesta_run_id: run.id, orquesta_case_id: testCase.id }
              })
    } catch (error) {
        const latencyMs = error instanceof CompletionFailedError ? error.latencyMs : 0
        return { ...base, assertions: [], error: (error as Error).message, latencyMs, at: clock() }
    }
    const profile = options.profile(model)
    const cost =
        profile && answer.inputTokens !== undefined && answer.outputTokens !== undefined
            ? computeCallCost(profile, { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens }, answer.proxyCostHeader)
            : undefined
    let graded: Grade
    try {
        graded = await options.grade(testCase, answer.output, { latencyMs: answer.latencyMs, costUsd: cost?.computedUsd })
    } catch (error) {
        // The grader failed (the judge model is down), not the answer: an error, not a wrong answer.
        return { ...base, output: answer.output, assertions: [], error: (error as Error).message, latencyMs: answer.latencyMs, at: clock() }
    }
    return {
        ...base,
        output: answer.output,
        assertions: graded.assertions,
        pass: graded.pass,
        score: graded.score,
        latencyMs: answer.latencyMs,
        ttftMs: answer.ttftMs,
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
        costUsd: answer.costUsd ?? cost?.computedUsd,
        proxyCostUsd: cost?.proxyUsd,
        providerCalls: answer.providerCalls,
        at: clock()
    }
}
