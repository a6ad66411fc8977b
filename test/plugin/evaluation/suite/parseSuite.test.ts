import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadSuite, parseSuite } from '../../../../plugin/evaluation/suite/parseSuite'
import { SuiteFormatError } from '../../../../plugin/evaluation/suite/SuiteFormatError'
import { parseSuiteOffThread } from '../../../../plugin/evaluation/suite/suiteParserThread'

const YAML_SUITE = `# a comment
name: arithmetic
description: Small sums.
defaults: {repeats: 3, maxTokens: 64}
cases:
  - id: sum
    category: reasoning
    system: Answer tersely.
    prompt: What is 2 + 2? Answer with the number only.
    reference: "4"
    assert:
      - {type: numeric, value: 4}
  - id: chat
    category: instruction-following
    repeats: 1
    maxTokens: 8
    messages:
      - {role: user, content: Say hi.}
      - {role: assistant, content: hi}
      - {role: user, content: "Again, in capitals."}
    assert:
      - {type: equals, value: HI}
`

const JSON_SUITE = JSON.stringify({
    cases: [
        {
            assert: [{ value: 4, type: 'numeric' }],
            reference: '4',
            prompt: 'What is 2 + 2? Answer with the number only.',
            system: 'Answer tersely.',
            category: 'reasoning',
            id: 'sum'
        },
        {
            id: 'chat',
            category: 'instruction-following',
            repeats: 1,
            maxTokens: 8,
            messages: [
                { role: 'user', content: 'Say hi.' },
                { role: 'assistant', content: 'hi' },
                { role: 'user', content: 'Again, in capitals.' }
            ],
            assert: [{ type: 'equals', value: 'HI', caseSensitive: true }]
        }
    ],
    defaults: { maxTokens: 64, repeats: 3 },
    name: 'arithmetic, renamed'
})

/** The SuiteFormatError a text raises. */
const problemsOf = (text: string, fileName = 'suite.yaml'): SuiteFormatError => {
    try {
        parseSuite(text, { fileName })
    } catch (error) {
        assert.ok(error instanceof SuiteFormatError, String(error))
        return error
    }
    assert.fail('the suite was accepted')
}

const minimal = (cases: string) => `name: s\ncases:\n${cases}`

describe('parseSuite', () => {
    it('reads YAML into cases with messages, defaults and assertions', () => {
        const suite = parseSuite(YAML_SUITE, { fileName: 'arithmetic.yaml' })
        assert.equal(suite.name, 'arithmetic')
        assert.equal(suite.description, 'Small sums.')
        assert.deepEqual(suite.cases[0], {
            id: 'sum',
            category: 'reasoning',
            messages: [
                { role: 'system', content: 'Answer tersely.' },
                { role: 'user', content: 'What is 2 + 2? Answer with the number only.' }
            ],
            repeats: 3,
            maxTokens: 64,
            assertions: [{ type: 'numeric', value: 4, tolerance: 0, relativeTolerance: 0 }],
            reference: '4',
            vars: undefined
        })
        assert.equal(suite.cases[1].repeats, 1)
        assert.equal(suite.cases[1].maxTokens, 8)
        assert.equal(suite.cases[1].messages.length, 3)
    })

    it('hashes what decides grades: the same in JSON, another key order, name or reference; different when an assertion or the judge changes', () => {
        const yaml = parseSuite(YAML_SUITE, { fileName: 'arithmetic.yaml' })
        const json = parseSuite(JSON_SUITE, { fileName: 'arithmetic.json' })
        assert.match(yaml.hash, /^[0-9a-f]{64}$/)
        assert.equal(json.hash, yaml.hash)
        const newReference = parseSuite(YAML_SUITE.replace('reference: "4"', 'reference: "four"'), { fileName: 'arithmetic.yaml' })
        assert.equal(newReference.hash, yaml.hash, 'references do not decide grades')
        const changed = parseSuite(YAML_SUITE.replace('value: 4}', 'value: 5}'), { fileName: 'arithmetic.yaml' })
        assert.notEqual(changed.hash, yaml.hash)
        const judged = parseSuite(YAML_SUITE.replace('name: arithmetic', 'name: arithmetic\njudge: {model: gpt-4o-mini, temperature: 0}'), {
            fileName: 'a.yaml'
        })
        assert.notEqual(judged.hash, yaml.hash)
        assert.deepEqual(judged.judge, { model: 'gpt-4o-mini', temperature: 0 })
    })

    it('recognises JSON by extension or content', () => {
        assert.equal(parseSuite(JSON_SUITE, { fileName: 'no-extension' }).cases.length, 2)
        const error = problemsOf('name: s\ncases: []', 'suite.json')
        assert.match(error.message, /not valid JSON/)
    })

    it('names the file, case, assertion, field and line of each problem, and reports them all at once', () => {
        const error = problemsOf(
            minimal(`  - id: first
    category: reasoning
    prompt: p
    assert:
      - {type: regex, pattern: "(unclosed"}
  - id: second
    category: maths
    prompt: p
    asert: []
`),
            'suites/mine.yaml'
        )
        assert.equal(error.fileName, 'suites/mine.yaml')
        assert.equal(error.problems.length, 4, error.message)
        assert.match(error.message, /^Invalid suite file suites\/mine\.yaml \(4 problems\)/)
        assert.match(
            error.message,
            /suites\/mine\.yaml:7:32 case "first" \(cases\[0\]\) › assert\[0\] \(regex\) › pattern: regex: invalid pattern/
        )
        assert.match(error.message, /case "second" \(cases\[1\]\) › category: `category` must be one of reasoning, coding/)
        assert.match(error.message, /case "second" \(cases\[1\]\): unknown field `asert` \(a typo\?\); allowed here: id, category, prompt/)
        assert.match(error.message, /case "second" \(cases\[1\]\) › assert: a case needs `assert`/)
    })

    it('rejects duplicate case ids, naming both', () => {
        const error = problemsOf(
            minimal(
                ['a', 'b', 'a'].map((id) => `  - {id: ${id}, category: coding, prompt: p, assert: [{type: equals, value: x}]}`).join('\n')
            )
        )
        assert.match(error.message, /case "a" \(cases\[2\]\) › id: duplicate case id "a" \(also cases\[0\]\)/)
    })

    it('requires exactly one of prompt and messages, and a user message', () => {
        const both = problemsOf(
            minimal('  - {id: a, category: coding, prompt: p, messages: [{role: user, content: c}], assert: [{type: equals, value: x}]}')
        )
        assert.match(both.message, /exactly one of `prompt` \(a string\) or `messages`/)
        const neither = problemsOf(minimal('  - {id: a, category: coding, assert: [{type: equals, value: x}]}'))
        assert.match(neither.message, /exactly one of `prompt`/)
        const noUser = problemsOf(
            minimal('  - {id: a, category: coding, messages: [{role: system, content: c}], assert: [{type: equals, value: x}]}')
        )
        assert.match(noUser.message, /at least one user message/)
    })

    it('requires a pinned judge for llm-rubric', () => {
        const error = problemsOf(minimal('  - {id: a, category: coding, prompt: p, assert: [{type: llm-rubric, rubric: correct}]}'))
        assert.match(error.message, /llm-rubric needs a judge: add `judge: \{model: <proxy model>, temperature: 0\}`/)
        assert.match(
            problemsOf(`judge: {model: m}\n${minimal('  - {id: a, category: coding, prompt: p, assert: [{type: llm-rubric, rubric: r}]}')}`)
                .message,
            /judge › temperature|judge\.temperature/
        )
    })

    it('reports syntax errors and duplicate keys with their line', () => {
        assert.match(
            problemsOf('name: s\ncases:\n  - id: a\n    id: b\n').message,
            /suite\.yaml:4:5: syntax error: Map keys must be unique/
        )
        assert.match(
            problemsOf('{"name": "s", "name": "t", "cases": []}', 's.json').message,
            /s\.json:1:15: syntax error: Map keys must be unique/
        )
        assert.match(problemsOf('name: [unclosed\n').message, /suite\.yaml:\d+:\d+: syntax error/)
    })

    it('explains a document that is not a suite', () => {
        assert.match(problemsOf('- a\n- b').message, /the document must be an object, not an array/)
        assert.match(problemsOf('').message, /the document must be an object/)
        assert.match(problemsOf('name: s').message, /missing required field `cases`|the suite needs `cases`/)
    })

    it('refuses hostile documents with a SuiteFormatError, quickly', () => {
        const aliasBomb = [
            'a: &a [x, x, x, x, x, x, x, x, x]',
            ...'bcde'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcd'[i]}`).join(', ')}]`)
        ].join('\n')
        const hostile: [string, string, RegExp][] = [
            ['alias bomb', aliasBomb, /YAML aliases expand too much/],
            ['100,000-deep sequence', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /nested more than 64 deep/],
            ['100,000-deep JSON', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, /nested more than 64 deep/],
            [
                'deep block nesting',
                `name: s\ncases: ${Array.from({ length: 70 }, (_, i) => `${' '.repeat(i * 2 + 2)}- `).join('\n')}x`,
                /nested more than 64|syntax/
            ],
            ['3 MB file', `name: s\ndescription: "${'x'.repeat(3 * 1024 * 1024)}"\ncases: []`, /over the 2097152-byte limit/],
            [
                '2,001 cases',
                minimal(
                    Array.from(
                        { length: 2_001 },
                        (_, i) => `  - {id: c${i}, category: coding, prompt: p, assert: [{type: equals, value: x}]}`
                    ).join('\n')
                ),
                /at most 2000 cases/
            ],
            [
                '101 cases × 100 repeats',
                minimal(
                    Array.from(
                        { length: 101 },
                        (_, i) => `  - {id: c${i}, category: coding, prompt: p, repeats: 100, assert: [{type: equals, value: x}]}`
                    ).join('\n')
                ),
                /10100 answers \(cases × repeats\); at most 10000/
            ]
        ]
        for (const [what, text, expected] of hostile) {
            const started = performance.now()
            const error = problemsOf(text)
            assert.match(error.message, expected, what)
            assert.ok(performance.now() - started < 1_000, `${what}: ${Math.round(performance.now() - started)} ms`)
        }
    })

    it('parses off the main thread with the same results and errors, without stalling the event loop', async () => {
        assert.deepEqual(await parseSuiteOffThread(YAML_SUITE, 'arithmetic.yaml'), parseSuite(YAML_SUITE, { fileName: 'arithmetic.yaml' }))
        const big = JSON.stringify({
            name: 'big',
            cases: Array.from({ length: 2_001 }, (_, i) => ({
                id: `c${i}`,
                category: 'coding',
                prompt: 'p',
                assert: [{ type: 'equals', value: 'x' }]
            }))
        })
        let last = performance.now()
        let longest = 0
        const ticker = setInterval(() => {
            longest = Math.max(longest, performance.now() - last)
            last = performance.now()
        }, 5)
        const error = await parseSuiteOffThread(big, 'big.json').then(
            () => undefined,
            (e: unknown) => e
        )
        clearInterval(ticker)
        assert.ok(error instanceof SuiteFormatError)
        assert.match(error.message, /at most 2000 cases/)
        assert.ok(longest < 100, `the main thread stalled ${Math.round(longest)} ms`)
    })

    it('loadSuite reads a file, and names it when it is missing', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'suite-'))
        const file = path.join(dir, 'arithmetic.yml')
        writeFileSync(file, YAML_SUITE)
        assert.equal((await loadSuite(file)).cases.length, 2)
        await assert.rejects(
            loadSuite(path.join(dir, 'missing.yaml')),
            (error: unknown) => error instanceof SuiteFormatError && /missing\.yaml: cannot read the file/.test(error.message)
        )
    })
})
