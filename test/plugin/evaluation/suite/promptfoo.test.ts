import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { contextForCase, gradeOutput, gradingOfCase } from '../../../../plugin/evaluation/assertions/gradeOutput'
import { parseSuite, type ParseSuiteOptions } from '../../../../plugin/evaluation/suite/parseSuite'
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

const NO_DEFAULTS = { defaults: {} }
const parse = (text: string, options: Partial<ParseSuiteOptions> = {}) =>
    parseSuite(text, { fileName: 'promptfooconfig.yaml', ...NO_DEFAULTS, ...options })

const problemsOf = (text: string, options: Partial<ParseSuiteOptions> = {}): string => {
    try {
        parse(text, options)
    } catch (error) {
        assert.ok(error instanceof SuiteFormatError, String(error))
        return error.message
    }
    assert.fail('the config was accepted')
}

const dirs: string[] = []
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
/** A config directory with these files (paths relative to it). */
const folder = (files: Record<string, string>): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-promptfoo-'))
    dirs.push(dir)
    for (const [name, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
        writeFileSync(path.join(dir, name), content)
    }
    return dir
}
const grade = (c: ReturnType<typeof parse>['cases'][number], output: string) =>
    gradeOutput(c.assertions, output, contextForCase(c), gradingOfCase(c))

describe('promptfoo configs', () => {
    it('become suites: one case per test, prompt filled from vars, defaultTest first, judge from options.provider', () => {
        const suite = parse(CONFIG)
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
        assert.deepEqual(france.assertions.slice(0, 2), [
            { type: 'contains', value: "I don't know", mode: 'all', caseSensitive: false, not: true },
            { type: 'contains', value: 'Paris', mode: 'all', caseSensitive: false }
        ])
        assert.equal(france.assertions[2].type, 'javascript')
        assert.deepEqual(spain.assertions.slice(1), [
            { type: 'contains', values: ['Madrid', 'MADRID'], mode: 'any', caseSensitive: true },
            { type: 'regex', pattern: 'Barcelona', flags: '', not: true },
            { type: 'llm-rubric', rubric: 'Names Madrid as the capital.' }
        ])
        assert.equal(spain.reference, 'Madrid')
        assert.deepEqual(japan.assertions[1], { type: 'is-json', schema: { type: 'object', required: ['city'] } })
    })

    it('grades converted cases, with the vars in the javascript context', async () => {
        const france = parse(CONFIG).cases[0]
        assert.equal((await grade(france, 'Paris')).pass, true)
        assert.equal((await grade(france, 'Lyon')).pass, false)
        assert.equal((await grade(france, "I don't know, Paris?")).pass, false)
    })

    it('makes one case per prompt, renders Nunjucks (filters, if, vars of vars, null as empty) and chat prompts', () => {
        const suite = parse(`prompts:
  - "Q: {{ q | upper }}{% if hint %} (hint: {{ hint }}){% endif %}[{{ none }}]"
  - {raw: '[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "{{ greeting }}"}]'}
tests:
  - vars: {q: "2+2?", hint: null, none: null, name: Ana, greeting: "Hello {{ name }}"}
`)
        assert.deepEqual(
            suite.cases.map((c) => [c.id, c.category, c.messages]),
            [
                ['test-1.p1', 'uncategorised', [{ role: 'user', content: 'Q: 2+2?[]' }]],
                [
                    'test-1.p2',
                    'uncategorised',
                    [
                        { role: 'system', content: 'Be brief.' },
                        { role: 'user', content: 'Hello Ana' }
                    ]
                ]
            ]
        )
        assert.deepEqual(suite.cases[0].assertions, [], 'a test without assertions records its answers')
    })

    it('renders defaultTest assertions and rubrics with each test\u2019s vars, and splits quoted contains-any lists', () => {
        const suite = parse(`prompts: ["{{city}}?"]
defaultTest:
  assert:
    - {type: icontains, value: "{{city}}"}
    - {type: llm-rubric, value: "Mentions {{city}} correctly"}
  options: {provider: judge}
tests:
  - vars: {city: Paris}
    assert: [{type: contains-any, value: '"Paris, France", Lyon'}]
  - vars: {city: [Rome, Oslo]}
`)
        assert.deepEqual(
            suite.cases.map((c) => c.id),
            ['test-1', 'test-2.v1', 'test-2.v2']
        )
        assert.deepEqual(suite.cases[0].assertions[1], { type: 'llm-rubric', rubric: 'Mentions Paris correctly' })
        assert.deepEqual(suite.cases[0].assertions[2], {
            type: 'contains',
            values: ['Paris, France', 'Lyon'],
            mode: 'any',
            caseSensitive: true
        })
        assert.deepEqual(suite.cases[2].assertions[0], { type: 'contains', value: 'Oslo', mode: 'all', caseSensitive: false })
    })

    it('reads file:// prompts, vars and tests (YAML, JSON, CSV, globs) relative to the config', async () => {
        const dir = folder({
            'prompts/a.txt': 'Translate: {{text}}',
            'prompts/b.txt': 'Say: {{text}}\n---\nRepeat: {{text}}',
            'chat.yaml': '- {role: system, content: "You translate."}\n- {role: user, content: "{{ text }}"}',
            'vars/long.txt': 'a long text',
            'tests.yaml': '- vars: {text: hola}\n  assert: [{type: icontains, value: hello}]',
            'cases.csv':
                'text,__expected,__expected2,__description\nbonjour,icontains: hello,"javascript: output.length > 2",French\nciao,not-empty,,\n',
            'check.js': 'module.exports = (output, context) => output.includes(context.vars.text) ? 1 : 0'
        })
        const suite = parse(
            `prompts: [file://prompts/*.txt, file://chat.yaml]
tests:
  - file://tests.yaml
  - file://cases.csv
  - vars: {text: file://vars/long.txt}
    assert: [{type: javascript, value: file://check.js}]
`,
            { baseDir: dir }
        )
        assert.equal(suite.cases.length, 4 * 4, '4 tests (YAML, 2 CSV rows, inline) × 4 prompts (a.txt, b.txt split in 2, chat.yaml)')
        const french = suite.cases.filter((c) => c.id.startsWith('french'))
        assert.deepEqual(
            french.map((c) => c.messages.at(-1)!.content),
            ['Translate: bonjour', 'Say: bonjour', 'Repeat: bonjour', 'bonjour']
        )
        assert.equal(french[3].messages[0].content, 'You translate.')
        assert.deepEqual(
            french[0].assertions.map((a) => (a as { type: string }).type),
            ['contains', 'javascript']
        )
        const fromFile = suite.cases.find((c) => c.messages.at(-1)!.content === 'Translate: a long text')!
        assert.equal((await grade(fromFile, 'this is a long text')).pass, true)
        assert.equal((await grade(fromFile, 'no')).pass, false)
    })

    it('confines file references to the config directory tree: no .., absolute paths, links out, URLs or request bodies', () => {
        const outside = folder({ 'secret.txt': 'secret' })
        const dir = folder({ 'ok.txt': 'fine' })
        symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'))
        const message = problemsOf(
            `prompts: [file://ok.txt]
tests:
  - vars: {a: file://../${path.basename(outside)}/secret.txt}
  - vars: {a: file://${path.join(outside, 'secret.txt')}}
  - vars: {a: file://link.txt}
  - vars: {a: file://missing.txt}
  - vars: {a: file://https://example.com/x.txt}
`,
            { baseDir: dir }
        )
        assert.match(
            message,
            /tests\[0\] › vars: file:\/\/\.\.\/.*secret\.txt: outside .*; references must stay within the config's directory tree/
        )
        assert.match(message, /tests\[1\] › vars: .*secret\.txt: outside/)
        assert.match(message, /tests\[2\] › vars: file:\/\/link\.txt: a link leading outside/)
        assert.match(message, /tests\[3\] › vars: file:\/\/missing\.txt: file not found \(.*missing\.txt\); add the file or fix the path/)
        assert.match(message, /tests\[4\] › vars: .*URLs are not fetched/)
        assert.doesNotMatch(message, /secret(?!\.txt)/, 'the outside file was not read')
        assert.match(problemsOf('prompts: [file://p.txt]\ntests: [{}]\n'), /read only from a suite file on the server/)
        assert.match(
            problemsOf('prompts: [langfuse://prompt/qa]\ntests: [{}]\n'),
            /prompts from langfuse:\/\/ are not fetched; export the prompt into a file/
        )
    })

    it('expands scenarios into tests, and reads a config with scenarios and no tests', () => {
        const suite = parse(`prompts: ["{{lang}}: {{text}}"]
scenarios:
  - description: greetings
    config: [{vars: {lang: fr}}, {vars: {lang: es}}]
    tests:
      - {description: hello, vars: {text: hello}, assert: [{type: not-empty}]}
`)
        assert.deepEqual(
            suite.cases.map((c) => [c.id, c.messages[0].content]),
            [
                ['greetings-hello', 'fr: hello'],
                ['greetings-hello-2', 'es: hello']
            ]
        )
    })

    it('keeps promptfoo semantics: threshold, weight, metric, transform, javascript numbers and parsed JSON output', async () => {
        const suite = parse(`prompts: [p]
tests:
  - threshold: 0.45
    options: {transform: "output.toUpperCase()"}
    assert:
      - {type: equals, value: PARIS, weight: 2, metric: exact}
      - {type: javascript, value: "output.length / 100"}
      - {type: javascript, value: "output.city === 'Paris'", transform: "JSON.stringify({city: output})"}
      - {type: javascript, value: "0.4", threshold: 0.5}
`)
        const [c] = suite.cases
        const result = await grade(c, 'paris')
        assert.deepEqual(
            result.assertions.map((a) => a.pass),
            [true, true, false, false]
        )
        assert.equal(result.assertions[0].metric, 'exact')
        assert.equal(result.pass, true, 'the test threshold decides: (2·1 + 0.05 + 0 + 0.4) / 5 ≥ 0.45')
        const json = parse(`prompts: [p]\ntests:\n  - assert: [{type: javascript, value: "output.city === 'Paris'"}]\n`).cases[0]
        assert.equal((await grade(json, '{"city": "Paris"}')).pass, true)
    })

    it('refuses what it cannot grade, naming the field and what to do', () => {
        const dir = folder({ 'there.py': 'def get_assert(output, context): return True' })
        const message = problemsOf(
            `prompts: ["{{q}}"]
redteam: {plugins: [harmful]}
tests:
  - description: odd
    vars: {q: x}
    options: {rubricPrompt: "Grade it", transformVars: "vars"}
    assert:
      - {type: not-javascript, value: "true"}
      - {type: python, value: file://missing.py}
      - {type: python, value: file://there.py}
`,
            { baseDir: dir }
        )
        const once = problemsOf('prompts: [p]\ndefaultTest: {assert: [{type: perplexity}]}\ntests: [{}, {}, {}]\n')
        assert.equal(once.match(/`perplexity` is not supported/g)?.length, 1, once)
        const ungraded = problemsOf('prompts: [p]\ntests:\n  - assert: [{type: llm-rubric, value: good}, {type: similar, value: x}]\n')
        assert.match(message, /redteam: `redteam` configs generate their tests with promptfoo/)
        assert.match(message, /options: a custom `rubricPrompt` is not supported/)
        assert.match(message, /transformVars/)
        assert.match(message, /test "odd" \(tests\[0\]\) › assert\[0\]\.type: promptfoo assertion type `not-javascript` is not supported/)
        assert.match(message, /assert\[1\]\.value: file:\/\/missing\.py: file not found/)
        assert.match(message, /assert\[2\]\.type: python assertions are not run .*; rewrite it as a `javascript` assertion/)
        assert.match(
            ungraded,
            /llm-rubric needs a judge: add `defaultTest: \{options: \{provider: <proxy model>\}\}`, or set ORQUESTA_EVAL_JUDGE_MODEL/
        )
        assert.match(ungraded, /similar needs an embedding model/)
    })

    it('takes the server default judge and embedding model, and warns about provider settings it does not apply', () => {
        const suite = parse(
            `prompts: [p]
providers:
  - id: openai:gpt-4o
    config: {temperature: 0.3, tools: [{type: function, function: {name: f}}], response_format: {type: json_object}}
tests:
  - assert: [{type: llm-rubric, value: good}, {type: similar, value: x}, {type: is-valid-openai-tools-call}]
`,
            { defaults: { judgeModel: 'house-judge', embeddingModel: 'house-embedder' } }
        )
        assert.deepEqual(suite.judge, { model: 'house-judge', temperature: 0 })
        assert.equal(suite.embeddingModel, 'house-embedder')
        assert.deepEqual(suite.cases[0].assertions[2], {
            type: 'is-valid-openai-tools-call',
            tools: [{ type: 'function', function: { name: 'f' } }]
        })
        assert.match(suite.warnings!.join('\n'), /provider settings not applied: tools, response_format, temperature/)
    })

    it('renders templates without reaching the host (no constructor escape, no includes)', () => {
        const message = problemsOf(`prompts:
  - "{{ range.constructor('return process')() }}"
  - "{% include '/etc/passwd' %}"
tests: [{}]
`)
        assert.match(message, /Nunjucks template error: .*Unable to call `range\["constructor"\]`/)
        assert.match(message, /template not found/)
    })
})
