import type { ChatRequestBody } from './standInProvider'
import { parseSuite } from '../../plugin/evaluation/suite/parseSuite'
import type { CaseCategory, CaseResult, EvaluationCategory, EvaluationSuite } from '../../plugin/evaluation/types'

/** A small parsed suite: `perCategory` cases in each listed category, each answered by `answer-<id>`. */
export const tinySuite = (categories: readonly EvaluationCategory[] = ['reasoning', 'extraction'], perCategory = 3): EvaluationSuite =>
    parseSuite(
        JSON.stringify({
            name: 'tiny',
            cases: categories.flatMap((category) =>
                Array.from({ length: perCategory }, (_, i) => {
                    const id = `${category}-${i + 1}`
                    return {
                        id,
                        category,
                        prompt: `Question ${id}: reply with answer-${id}`,
                        reference: `answer-${id}`,
                        assert: [{ type: 'contains', value: `answer-${id}` }]
                    }
                })
            )
        }),
        { fileName: 'tiny.json' }
    )

/** A graded result with plausible figures; override what a test cares about. */
export const caseResult = (overrides: Partial<CaseResult> & Pick<CaseResult, 'runId' | 'model' | 'caseId'>): CaseResult => ({
    category: 'reasoning',
    repeat: 0,
    output: 'answer',
    assertions: [{ type: 'contains', pass: true, score: 1, reason: 'found' }],
    pass: true,
    score: 1,
    latencyMs: 120,
    ttftMs: 40,
    inputTokens: 20,
    outputTokens: 5,
    costUsd: 0.00001,
    proxyCostUsd: 0.00001,
    at: Date.now(),
    ...overrides
})

/** The text of the last user message of a chat request (what a suite case asks). */
const lastUserText = (body: ChatRequestBody): string => {
    const last = [...body.messages].reverse().find((m) => m.role === 'user')
    return typeof last?.content === 'string' ? last.content : ''
}

/**
 * A stand-in model's reply function that answers a suite's cases with their hand-checked
 * reference answers, except for the categories in `wrong`, where it answers `wrongAnswer`.
 * Requests that are not cases of the suite get `unknownAnswer`.
 */
export const answersFrom = (
    suite: EvaluationSuite,
    options: { wrong?: readonly CaseCategory[]; wrongAnswer?: string; unknownAnswer?: string } = {}
): ((body: ChatRequestBody) => string) => {
    const byPrompt = new Map<string, { category: CaseCategory; reference: string }>()
    for (const c of suite.cases) {
        const user = [...c.messages].reverse().find((m) => m.role === 'user')
        if (user && c.reference !== undefined) byPrompt.set(user.content, { category: c.category, reference: c.reference })
    }
    return (body) => {
        const hit = byPrompt.get(lastUserText(body))
        if (!hit) return options.unknownAnswer ?? 'I am a stand-in model.'
        return options.wrong?.includes(hit.category) ? (options.wrongAnswer ?? 'I do not know.') : hit.reference
    }
}

/**
 * A suite (YAML text) of `perCategory` cases per category whose answers are codes such as
 * `EXTRACTION-10`: easy for the stand-in to give back, impossible to pass by accident.
 */
export const codeSuiteYaml = (name: string, categories: readonly EvaluationCategory[], perCategory: number): string =>
    [
        `name: ${name}`,
        'cases:',
        ...categories.flatMap((category) =>
            Array.from({ length: perCategory }, (_, i) => {
                const code = `${category.toUpperCase()}-${i * 7 + 3}`
                return [
                    `  - id: ${category}-${i + 1}`,
                    `    category: ${category}`,
                    `    prompt: "Case ${category} ${i + 1}: reply with the code ${code}"`,
                    `    reference: "${code}"`,
                    '    assert:',
                    `      - {type: contains, value: "${code}"}`
                ]
            }).flat()
        )
    ].join('\n')
