import type { FlowData } from '../../flow/flowData'

/** Where the questions a verification asks come from. */
export type QuestionSource = 'user' | 'starter-prompts' | 'generated'

/** Inputs that hold a flow's own prompt, in the order they are looked for. */
const PROMPT_INPUTS = ['template', 'systemMessagePrompt', 'systemMessage', 'humanMessagePrompt', 'prefix']

/** A topic from a prompt: its first words, without template variables and markup. */
const topicOf = (prompt: string): string | undefined => {
    const words = prompt
        .replace(/\{[^{}]*\}/g, ' ')
        .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
        .split(/\s+/)
        .filter((w) => w.length > 0)
        .slice(0, 8)
    return words.length > 0 ? words.join(' ') : undefined
}

/**
 * The questions to ask both flows: the user's; else the chatflow's starter prompts (Flowise's
 * `chatbotConfig.starterPrompts`); else questions made from the flow's own prompt (or, without
 * one, a greeting). At most `limit` questions.
 */
export const verifyQuestions = (
    flow: FlowData,
    chatbotConfig: unknown,
    userQuestions: readonly string[] | undefined,
    limit: number
): { questions: string[]; source: QuestionSource } => {
    if (userQuestions && userQuestions.length > 0) return { questions: userQuestions.slice(0, limit), source: 'user' }
    let config: unknown = chatbotConfig
    if (typeof config === 'string') {
        try {
            config = JSON.parse(config)
        } catch {
            config = undefined
        }
    }
    const starters = (config as { starterPrompts?: Record<string, { prompt?: unknown }> } | undefined)?.starterPrompts
    const prompts = Object.values(starters ?? {})
        .map((s) => s?.prompt)
        .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    if (prompts.length > 0) return { questions: prompts.slice(0, limit), source: 'starter-prompts' }
    const prompt = flow.nodes
        .flatMap((n) => PROMPT_INPUTS.map((name) => n.data.inputs?.[name]))
        .find((v): v is string => typeof v === 'string' && v.trim() !== '')
    const topic = prompt && topicOf(prompt)
    const generated = topic
        ? [`What can you tell me about this: ${topic}?`, `Give me one short example related to: ${topic}.`, 'Hello, what can you do?']
        : ['Hello, what can you do?', 'What is 2 + 2?', 'Summarise your purpose in one sentence.']
    return { questions: generated.slice(0, limit), source: 'generated' }
}
