import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contextForCase, gradeOutput } from '../../../../plugin/evaluation/assertions/gradeOutput'
import { parseSuite } from '../../../../plugin/evaluation/suite/parseSuite'
import { SuiteFormatError } from '../../../../plugin/evaluation/suite/SuiteFormatError'

const CONFIG = `description: Capitals
prompts:
  - "What is the capital of {{country}}? Answer with the city only."
providers: [openai:gpt-4o-mini]
defaultTest:
  metadata: {category: factuality}
  assert:
    - type: not-icontains
      value: "I don't know"
  options:
    provider: {id: judge-model, config: {temperature: 0.2}}
tests:
  - description: France's capital
    vars: {country: France, city: Paris}
    assert:
      - {type: icontains, value: "{{city}}"}
      - {type: javascript, value: "output.trim() === context.vars.city"}
  - description: Spain
    vars: {country: Spain, category: extraction}
    metadata: {id: spain-capital, category: reasoning, reference: Madrid}
    assert:
      - {type: contains-any, value: [Madrid, MADRID]}
      - {type: not-regex, value: "Barcelona"}
      - {type: llm-rubric, value: Names Madrid as the capital.}
  - description: Japan as JSON
    vars: {country: Japan}
    assert:
      - {type: is-json, value: {type: object, required: [city]}}
      - {type: equals, value: '{"city": "Tokyo"}'}
`

const problemsOf = (text: string): string => {
    try {
        parseSuite(text, { fileName: 'promptfooconfig.yaml' })
    } catch (error) {
        assert.ok(error instanceof SuiteFormatError, String(error))
        return error.message
    }
    assert.fail('the config was accepted')
}

describe('promptfoo configs', () => {
    it('become suites: one case per test, prompt filled from vars, defaultTest first, judge from options.provider', () => {
        const suite = parseSuite(CONFIG, { fileName: 'promptfooconfig.yaml' })
        assert.equal(suite.name, 'Capitals')
        assert.deepEqual(suite.judge, { model: 'judge-model', temperature: 0.2 })
        assert.deepEqual(
            suite.cases.map((c) => [c.id, c.category]),
            [
                ['france-s-capital', 'factuality'],
                ['spain-capital', 'reasoning'],
                ['japan-as-json', 'factuality']
            ]
        )
        const [france, spain, japan] = suite.cases
        assert.deepEqual(france.messages, [{ role: 'user', content: 'What is the capital of France? Answer with the city only.' }])
        assert.deepEqual(france.assertions, [
            { type: 'contains', value: "I don't know", mode: 'all', caseSensitive: false, not: true },
            { type: 'contains', value: 'Paris', mode: 'all', caseSensitive: false },
            {
                type: 'javascript',
                code: 'output.trim() === context.vars.city',
                threshold: 1,
                timeoutMs: 1000,
                memoryBytes: 64 * 1024 * 1024
            }
        ])
        assert.deepEqual(spain.assertions.slice(1), [
            { type: 'contains', values: ['Madrid', 'MADRID'], mode: 'any', caseSensitive: true },
            { type: 'regex', pattern: 'Barcelona', flags: '', not: true },
            { type: 'llm-rubric', rubric: 'Names Madrid as the capital.' }
        ])
        assert.equal(spain.reference, 'Madrid')
        assert.deepEqual(japan.assertions[1], { type: 'is-json', schema: { type: 'object', required: ['city'] } })
    })

    it('grades converted cases, with the vars in the javascript context', async () => {
        const suite = parseSuite(CONFIG, { fileName: 'promptfooconfig.yaml' })
        const france = suite.cases[0]
        assert.equal((await gradeOutput(france.assertions, 'Paris', contextForCase(france))).pass, true)
        assert.equal((await gradeOutput(france.assertions, 'Lyon', contextForCase(france))).pass, false)
        assert.equal((await gradeOutput(france.assertions, "I don't know, Paris?", contextForCase(france))).pass, false)
    })

    it('makes one case per prompt when there are several', () => {
        const suite = parseSuite(
            `prompts: ["Q: {{q}}", {raw: "Question: {{ q }}"}]
tests:
  - {vars: {q: "2+2?", category: reasoning}, assert: [{type: equals, value: "4"}]}`,
            { fileName: 'two-prompts.yaml' }
        )
        assert.equal(suite.name, 'two-prompts')
        assert.deepEqual(
            suite.cases.map((c) => [c.id, c.messages[0].content]),
            [
                ['test-1.p1', 'Q: 2+2?'],
                ['test-1.p2', 'Question: 2+2?']
            ]
        )
    })

    it('names every assertion type it cannot map, with the test', () => {
        const message = problemsOf(`prompts: ["{{q}}"]
tests:
  - description: similar answer
    vars: {q: x, category: reasoning}
    assert:
      - {type: similar, value: x}
      - {type: not-javascript, value: "true"}
      - {type: cost, threshold: 0.01}
`)
        assert.match(
            message,
            /test "similar answer" \(tests\[0\]\) › assert\[0\]\.type: promptfoo assertion type `similar` has no equivalent; supported: equals/
        )
        assert.match(message, /assert\[1\]\.type: promptfoo assertion type `not-javascript` has no equivalent/)
        assert.match(message, /assert\[2\]: assertion field\(s\) `threshold`/)
        assert.match(message, /assert\[2\]\.type: promptfoo assertion type `cost`/)
        assert.doesNotMatch(message, /has no assertions/)
        assert.match(
            problemsOf('prompts: [p]\ntests:\n  - {vars: {category: coding}}\n'),
            /test #1 \(tests\[0\]\): the test has no assertions/
        )
    })

    it('reports missing vars and categories, matrix vars, file references and unsupported fields', () => {
        const message = problemsOf(`prompts: ["{{question}} {{ q | upper }}"]
scenarios: []
tests:
  - description: no category
    vars: {question: x, q: y}
    assert: [{type: equals, value: x}]
  - description: matrix
    vars: {question: [a, b], q: z, category: coding}
    assert: [{type: equals, value: x}]
  - description: missing var
    vars: {category: coding, q: z}
    options: {provider: other}
    assert: [{type: javascript, value: "file://check.js"}]
`)
        assert.match(message, /scenarios: promptfoo field `scenarios` is not supported/)
        assert.match(
            message,
            /test "no category" \(tests\[0\]\) › metadata: set `metadata\.category` \(or `vars\.category`\) to one of reasoning/
        )
        assert.match(
            message,
            /test "no category" \(tests\[0\]\) › vars: prompt 1: \{\{ q \| upper \}\} is not supported: only plain \{\{name\}\} placeholders are/
        )
        assert.match(message, /test "matrix" \(tests\[1\]\) › vars\.question: var `question` is a list/)
        assert.match(
            message,
            /test "missing var" \(tests\[2\]\) › vars: prompt 1: uses \{\{question\}\} but the test has no var `question`/
        )
        assert.match(message, /test "missing var" \(tests\[2\]\) › options: test field `options` is not supported/)
        assert.match(message, /assertion files \(file:\/\/…\) are not read/)
    })

    it('reports ids that collide', () => {
        const message = problemsOf(`prompts: [p]
tests:
  - {description: Same name, metadata: {category: coding}, assert: [{type: equals, value: x}]}
  - {description: same NAME, metadata: {category: coding}, assert: [{type: equals, value: y}]}
`)
        assert.match(message, /tests\[1\]\): case id "same-name" is also the id of tests\[0\]/)
    })
})
