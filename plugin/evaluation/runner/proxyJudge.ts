import { z } from 'zod'
import type { ProxyEndpoint } from '../../litellm/LiteLLMClient'
import type { Judge, JudgeSettings } from '../types'
import { streamChatCompletion } from './streamChatCompletion'

const verdictSchema = z.object({
    pass: z.boolean(),
    score: z.number().min(0).max(1),
    reason: z.string()
})

const INSTRUCTIONS =
    'You grade an answer against a rubric. Reply with one JSON object and nothing else: ' +
    '{"pass": true|false, "score": <number from 0 to 1>, "reason": "<one sentence>"}.'

/** The judge did not produce a usable verdict. */
export class JudgeError extends Error {
    constructor(model: string, reason: string) {
        super(`Judge ${model}: ${reason}`)
        this.name = 'JudgeError'
    }
}

/** Finds the JSON object in a judge's answer (models wrap it in prose or code fences). */
const jsonObjectIn = (text: string): unknown => {
    const start = text.indexOf('{')
    const end = text.lastIndexOf('}')
    if (start < 0 || end <= start) return undefined
    try {
        return JSON.parse(text.slice(start, end + 1))
    } catch {
        return undefined
    }
}

/**
 * A judge that asks the suite's pinned model, at its pinned temperature, through the proxy
 * (uncached, like every evaluation call).
 */
export const createProxyJudge = (endpoint: ProxyEndpoint, settings: JudgeSettings, timeoutMs: number): Judge => {
    return async ({ rubric, output, prompt }) => {
        const answer = await streamChatCompletion(endpoint, {
            model: settings.model,
            temperature: settings.temperature,
            timeoutMs,
            messages: [
                { role: 'system', content: INSTRUCTIONS },
                { role: 'user', content: `Rubric:\n${rubric}\n\nQuestion:\n${prompt}\n\nAnswer to grade:\n${output}` }
            ],
            metadata: { tags: ['orquesta-evaluation-judge'] }
        })
        const parsed = verdictSchema.safeParse(jsonObjectIn(answer.output))
        if (!parsed.success) throw new JudgeError(settings.model, `answered without a valid verdict: ${answer.output.slice(0, 200)}`)
        return parsed.data
    }
}
