import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { interpretByRules } from '../../../plugin/orchestrator/planners/rulesPlanner'
import { injectionIn } from '../../../plugin/orchestrator/securityChecks'
import { INTERPRETATION_SET, type Expected } from './interpretationSet'

type Dimension = keyof Expected

/** What the rules read for one request, on the set's dimensions. */
const read = (query: string): Expected => {
    const { spec } = interpretByRules(query)
    return {
        language: spec.language === 'es' ? 'es' : 'en',
        flowType: spec.flowType,
        memory: spec.memory,
        retrieval: spec.retrieval?.source,
        tools: [...spec.tools].sort(),
        structuredOutput: spec.structuredOutput,
        vision: spec.vision,
        streaming: spec.streaming,
        conditions: spec.conditions,
        loops: spec.loops,
        injection: injectionIn(query) !== undefined,
        maxCostUsd: spec.limits.maxCostUsd,
        maxLatencyMs: spec.limits.maxLatencyMs
    }
}

const DIMENSIONS: readonly Dimension[] = [
    'language',
    'flowType',
    'memory',
    'retrieval',
    'tools',
    'structuredOutput',
    'vision',
    'streaming',
    'conditions',
    'loops',
    'injection',
    'maxCostUsd',
    'maxLatencyMs'
]

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Accuracy per dimension over a subset, and the misses (for the README table and for debugging). */
const measure = (cases: typeof INTERPRETATION_SET) => {
    const accuracy: Record<string, number> = {}
    const misses: string[] = []
    for (const dimension of DIMENSIONS) {
        let right = 0
        for (const c of cases) {
            const expected = dimension === 'tools' ? [...c.expected.tools].sort() : c.expected[dimension]
            const got = read(c.query)[dimension]
            if (same(got, expected)) right++
            else misses.push(`${dimension}: "${c.query}" → ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`)
        }
        accuracy[dimension] = right / cases.length
    }
    return { accuracy, misses }
}

/**
 * Floors under the measured accuracy of the rules (README, "The orchestrator"): a change to the
 * rules that reads the set worse fails here.
 */
const FLOOR = 0.85

describe('the rules interpreter on the hand-written request set', () => {
    it('has at least 60 requests, half Spanish and half English, plain, ambiguous and hostile', () => {
        assert.ok(INTERPRETATION_SET.length >= 60)
        const spanish = INTERPRETATION_SET.filter((c) => c.expected.language === 'es').length
        assert.equal(spanish * 2, INTERPRETATION_SET.length)
        for (const kind of ['plain', 'ambiguous', 'hostile'] as const) assert.ok(INTERPRETATION_SET.some((c) => c.kind === kind))
    })

    it(`reads every dimension right in at least ${FLOOR * 100}% of the requests, in each language`, (t) => {
        for (const language of ['en', 'es'] as const) {
            const { accuracy, misses } = measure(INTERPRETATION_SET.filter((c) => c.expected.language === language))
            t.diagnostic(`${language}: ${DIMENSIONS.map((d) => `${d} ${(accuracy[d] * 100).toFixed(0)}%`).join(', ')}`)
            for (const miss of misses) t.diagnostic(`${language} miss: ${miss}`)
            for (const dimension of DIMENSIONS)
                assert.ok(accuracy[dimension] >= FLOOR, `${language} ${dimension}: ${accuracy[dimension]}\n${misses.join('\n')}`)
        }
    })

    it('flags every hostile request as an injection and no plain one', () => {
        for (const c of INTERPRETATION_SET) assert.equal(injectionIn(c.query) !== undefined, c.expected.injection, c.query)
    })
})
