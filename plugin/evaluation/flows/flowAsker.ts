import { measureProviderCalls } from '../../optimizer/verify/providerCalls'
import type { Asker } from '../runner/executeRun'
import { CompletionFailedError } from '../runner/streamChatCompletion'
import type { EvaluationCase } from '../types'
import { chatflowIdOf } from './flowTarget'

/** Runs one prediction of a chatflow in the host (Flowise's own prediction path: memory, tools, retrieval real). */
export type PredictFlow = (chatflowId: string, question: string) => Promise<{ readonly text: string }>

/**
 * The question a flow is asked for a case: its last user message. A flow brings its own system
 * prompt and memory; earlier messages of the case are given before it so that nothing is lost.
 */
export const questionOf = (testCase: EvaluationCase): string => {
    const lastUser = testCase.messages.map((m) => m.role).lastIndexOf('user')
    if (lastUser < 0) return testCase.messages.map((m) => m.content).join('\n\n')
    const before = testCase.messages.slice(0, lastUser).filter((m) => m.role !== 'system')
    const context = before.map((m) => `${m.role}: ${m.content}`).join('\n')
    return context ? `${context}\n\n${testCase.messages[lastUser].content}` : testCase.messages[lastUser].content
}

/**
 * Asks a flow a case through the host, measuring the wall time, the model calls the prediction
 * made and their cost (LiteLLM's cost header; unpriced calls leave the cost unknown). A prediction
 * that takes longer than `timeoutMs` is recorded as failed (the host cannot cancel it; it runs on).
 */
export const flowAsker =
    (predict: PredictFlow, timeoutMs: number): Asker =>
    async (label, testCase) => {
        const chatflowId = chatflowIdOf(label)
        if (!chatflowId) throw new CompletionFailedError(label, 'is not a flow', 0)
        const started = performance.now()
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms (ORQUESTA_EVAL_TIMEOUT_MS)`)), timeoutMs)
            timer.unref()
        })
        try {
            const { result, calls } = await measureProviderCalls(() => Promise.race([predict(chatflowId, questionOf(testCase)), timeout]))
            return {
                output: result.text,
                latencyMs: performance.now() - started,
                costUsd: calls.unpriced > 0 ? undefined : calls.costUsd,
                providerCalls: calls.count
            }
        } catch (error) {
            throw new CompletionFailedError(label, (error as Error).message, performance.now() - started, { cause: error })
        } finally {
            clearTimeout(timer)
        }
    }
