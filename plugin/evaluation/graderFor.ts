import { LiteLLMClient, type ProxyEndpoint } from '../litellm/LiteLLMClient'
import { contextForCase, gradeOutput, gradingOfCase } from './assertions/gradeOutput'
import type { Grader } from './runner/executeRun'
import { createProxyJudge } from './runner/proxyJudge'
import type { EvaluationSuite, Judge } from './types'

/** The judge failed for one case; the case is recorded as an error, not as a wrong answer. */
export class JudgeUnavailableError extends Error {
    constructor(cause: unknown) {
        super(`the judge could not grade the answer: ${(cause as Error)?.message ?? String(cause)}`, { cause })
        this.name = 'JudgeUnavailableError'
    }
}

/**
 * The grader of a suite: its assertions, with its pinned judge asked through the proxy. A judge
 * that fails makes the grading fail (the `llm-rubric` assertion alone would score it as a wrong
 * answer), so that a judge outage shows up in the error rate instead of in the scores.
 */
export const graderFor = (endpoint: ProxyEndpoint, suite: EvaluationSuite, timeoutMs: number): Grader => {
    const judge = suite.judge ? createProxyJudge(endpoint, suite.judge, timeoutMs) : undefined
    const { embeddingModel } = suite
    const embed = embeddingModel
        ? (texts: readonly string[]) =>
              new LiteLLMClient(endpoint).embeddings(embeddingModel, texts, { signal: AbortSignal.timeout(timeoutMs) })
        : undefined
    return async (testCase, output, call) => {
        let judgeError: unknown
        const watched: Judge | undefined =
            judge &&
            (async (request) => {
                try {
                    return await judge(request)
                } catch (error) {
                    judgeError = error
                    throw error
                }
            })
        const context = { ...contextForCase(testCase, watched), embed, call }
        const grade = await gradeOutput(testCase.assertions, output, context, gradingOfCase(testCase))
        if (judgeError !== undefined) throw new JudgeUnavailableError(judgeError)
        return grade
    }
}
