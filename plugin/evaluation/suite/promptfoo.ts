import path from 'node:path'
import { parseAssertion } from '../assertions/registry'
import { EVALUATION_CATEGORIES } from '../types'
import type { SuiteDocument } from './readDocument'
import { MAX_SUITE_CASES } from './schema'
import { formatPath, SuiteFormatError, type SuiteProblem } from './SuiteFormatError'

type Json = Record<string, unknown>
type Path = readonly (string | number)[]

/** Top-level promptfoo fields that configure a run, not the tests: the evaluation picks its own models and output. */
const RUN_SETTINGS = new Set([
    'providers',
    'outputPath',
    'sharing',
    'evaluateOptions',
    'env',
    'commandLineOptions',
    'tags',
    'metadata',
    'writeLatestResults'
])
const CONTENT_FIELDS = new Set(['description', 'prompts', 'tests', 'defaultTest'])
const TEST_FIELDS = ['description', 'vars', 'assert', 'metadata']
// promptfoo type → our spec; `not-` is allowed on those in NEGATABLE.
const NEGATABLE = new Set(['equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all', 'regex'])
const MAPPABLE = [...NEGATABLE, 'is-json', 'javascript', 'llm-rubric']

/** Most characters of prompts a config may render in all (its templates × its tests). */
const MAX_RENDERED_PROMPT_CHARS = 16 * 1024 * 1024

/** Whether parsed file data is a promptfoo config (it has `tests` and no `cases`). */
export const isPromptfooConfig = (data: unknown): boolean => isObject(data) && 'tests' in data && !('cases' in data)

/**
 * Converts a promptfoo config into the native suite shape: one case per test and prompt, the
 * prompt's `{{var}}` placeholders filled from the test's vars (over `defaultTest.vars`),
 * `defaultTest.assert` before each test's own, the category from `metadata.category` or
 * `vars.category`, the id from `metadata.id` or the description, and the judge from
 * `defaultTest.options.provider` (`id`, `config.temperature`, default 0). Anything that would
 * change the grades but has no equivalent is an error, never dropped.
 * @throws SuiteFormatError with paths into the promptfoo file.
 */
export const fromPromptfoo = (config: Json, fileName: string, document: SuiteDocument): Json => {
    const problems: SuiteProblem[] = []
    const report = (at: Path, message: string) => problems.push({ where: where(document, config, at), message })

    for (const key of Object.keys(config)) {
        if (!CONTENT_FIELDS.has(key) && !RUN_SETTINGS.has(key))
            report([key], `promptfoo field \`${key}\` is not supported; remove it or write the tests out`)
    }
    const prompts = readPrompts(config.prompts, report)
    const defaultTest = isObject(config.defaultTest) ? config.defaultTest : {}
    if (config.defaultTest !== undefined && !isObject(config.defaultTest)) report(['defaultTest'], '`defaultTest` must be an object')
    const judge = readJudge(defaultTest, report)
    for (const key of Object.keys(defaultTest)) {
        if (![...TEST_FIELDS, 'options'].includes(key))
            report(['defaultTest', key], `defaultTest field \`${key}\` is not supported; allowed: ${TEST_FIELDS.join(', ')}, options`)
    }
    const defaultAssertions = convertAssertions(defaultTest.assert, ['defaultTest', 'assert'], {}, report)
    if (!Array.isArray(config.tests)) {
        report(['tests'], '`tests` must be a list of tests written in the file (test files such as file://… are not read)')
        throw new SuiteFormatError(fileName, problems)
    }
    if (config.tests.length * Math.max(1, prompts.length) > MAX_SUITE_CASES) {
        report(
            ['tests'],
            `${config.tests.length} tests × ${prompts.length} prompts make more than ${MAX_SUITE_CASES} cases; split the config`
        )
        throw new SuiteFormatError(fileName, problems)
    }
    const cases: Json[] = []
    const idSources = new Map<string, number>()
    // Rendering multiplies the prompts by the tests: bounded, so that a small file cannot fill the memory.
    let renderedChars = 0
    config.tests.forEach((test, i) => {
        if (renderedChars > MAX_RENDERED_PROMPT_CHARS) return
        const at = ['tests', i]
        if (!isObject(test)) return report(at, 'a test must be an object with `vars` and `assert`')
        for (const key of Object.keys(test)) {
            if (!TEST_FIELDS.includes(key))
                report([...at, key], `test field \`${key}\` is not supported; allowed: ${TEST_FIELDS.join(', ')}`)
        }
        const vars = readVars(defaultTest.vars, test.vars, at, report)
        const metadata = {
            ...(isObject(defaultTest.metadata) ? defaultTest.metadata : {}),
            ...(isObject(test.metadata) ? test.metadata : {})
        }
        const category = metadata.category ?? vars.category
        if (!EVALUATION_CATEGORIES.includes(category as never)) {
            report(
                [...at, 'metadata'],
                `set \`metadata.category\` (or \`vars.category\`) to one of ${EVALUATION_CATEGORIES.join(', ')}${category === undefined ? '' : `; got ${JSON.stringify(category)}`}`
            )
        }
        const assertions = [...defaultAssertions, ...convertAssertions(test.assert, [...at, 'assert'], vars, report)]
        // Counted as written: an assertion that failed to convert is already reported.
        const written = [test.assert, defaultTest.assert].reduce<number>((n, list) => n + (Array.isArray(list) ? list.length : 0), 0)
        if (written === 0) report(at, 'the test has no assertions (nor does defaultTest); add `assert`')
        const baseId = typeof metadata.id === 'string' ? metadata.id : (slug(test.description) ?? `test-${i + 1}`)
        if (idSources.has(baseId)) {
            report(
                at,
                `case id "${baseId}" is also the id of tests[${idSources.get(baseId)}]; give one of them a distinct \`metadata.id\` or description`
            )
        }
        idSources.set(baseId, i)
        prompts.forEach((template, k) => {
            const prompt = render(template, vars, (problem) => report([...at, 'vars'], `prompt ${k + 1}: ${problem}`))
            if (renderedChars > MAX_RENDERED_PROMPT_CHARS) return
            renderedChars += prompt.length
            if (renderedChars > MAX_RENDERED_PROMPT_CHARS) {
                report(
                    at,
                    `the rendered prompts pass ${MAX_RENDERED_PROMPT_CHARS} characters in all; shorten the prompts or split the config`
                )
                return
            }
            const reference = metadata.reference
            cases.push({
                id: prompts.length === 1 ? baseId : `${baseId}.p${k + 1}`,
                category,
                prompt,
                assert: assertions,
                ...(typeof reference === 'string' ? { reference } : {}),
                ...(Object.keys(vars).length > 0 ? { vars } : {})
            })
        })
    })
    if (problems.length > 0) throw new SuiteFormatError(fileName, problems)
    const description = typeof config.description === 'string' ? config.description : undefined
    return {
        name: description ?? path.basename(fileName).replace(/\.[^.]+$/, ''),
        ...(description ? { description } : {}),
        ...(judge ? { judge } : {}),
        cases
    }
}

const readPrompts = (value: unknown, report: (at: Path, message: string) => void): string[] => {
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined
    if (!list || list.length === 0) {
        report(['prompts'], '`prompts` must be a prompt template or a list of them')
        return []
    }
    return list.flatMap((p, k) => {
        const text = typeof p === 'string' ? p : isObject(p) && typeof p.raw === 'string' ? p.raw : undefined
        if (text === undefined) report(['prompts', k], 'a prompt must be a string or `{raw: string}`')
        else if (text.startsWith('file://')) report(['prompts', k], 'prompt files (file://…) are not read; paste the prompt into the file')
        else return [text]
        return []
    })
}

const readJudge = (defaultTest: Json, report: (at: Path, message: string) => void): Json | undefined => {
    if (defaultTest.options === undefined) return undefined
    const options = defaultTest.options
    const at = ['defaultTest', 'options']
    if (!isObject(options) || Object.keys(options).some((k) => k !== 'provider')) {
        report(at, 'only `defaultTest.options.provider` (the llm-rubric judge) is supported')
        return undefined
    }
    const provider = options.provider
    if (typeof provider === 'string') return { model: provider, temperature: 0 }
    const temperature = isObject(provider) && isObject(provider.config) ? (provider.config.temperature ?? 0) : 0
    if (isObject(provider) && typeof provider.id === 'string' && typeof temperature === 'number') return { model: provider.id, temperature }
    report([...at, 'provider'], 'the judge provider must be a model name or `{id: <model>, config: {temperature: <number>}}`')
    return undefined
}

const readVars = (defaults: unknown, own: unknown, at: Path, report: (at: Path, message: string) => void): Json => {
    if (own !== undefined && !isObject(own)) report([...at, 'vars'], '`vars` must be an object of name: value')
    const vars = { ...(isObject(defaults) ? defaults : {}), ...(isObject(own) ? own : {}) }
    for (const [name, value] of Object.entries(vars)) {
        if (Array.isArray(value))
            report(
                [...at, 'vars', name],
                `var \`${name}\` is a list (promptfoo's matrix expansion), which is not supported; write one test per value`
            )
        else if (typeof value === 'string' && value.startsWith('file://'))
            report([...at, 'vars', name], `var \`${name}\` loads a file, which is not supported; paste its content`)
    }
    return vars
}

/** Fills `{{ name }}` placeholders; nunjucks filters and tags are not supported and are reported. */
// Scanned with indexOf, not a regular expression: `{{` followed by a long run of spaces made
// the earlier pattern backtrack quadratically on the host's thread.
const render = (template: string, vars: Json, onProblem: (problem: string) => void): string => {
    let rendered = ''
    let from = 0
    for (;;) {
        const open = template.indexOf('{{', from)
        const close = open < 0 ? -1 : template.indexOf('}}', open + 2)
        if (close < 0) return rendered + template.slice(from)
        rendered += template.slice(from, open) + substitute(template.slice(open, close + 2), vars, onProblem)
        from = close + 2
    }
}

const substitute = (placeholder: string, vars: Json, onProblem: (problem: string) => void): string => {
    const name = placeholder.slice(2, -2).trim()
    if (!/^[A-Za-z_]\w*$/.test(name)) {
        onProblem(`${placeholder} is not supported: only plain {{name}} placeholders are, not nunjucks filters or expressions`)
        return placeholder
    }
    if (!(name in vars)) {
        onProblem(`uses {{${name}}} but the test has no var \`${name}\`; add it to \`vars\``)
        return placeholder
    }
    const value = vars[name]
    return typeof value === 'string' ? value : JSON.stringify(value)
}

const convertAssertions = (list: unknown, at: Path, vars: Json, report: (at: Path, message: string) => void): Json[] => {
    if (list === undefined) return []
    if (!Array.isArray(list)) {
        report(at, '`assert` must be a list of assertions')
        return []
    }
    return list.flatMap((raw, j) => {
        const spec = convertAssertion(raw, [...at, j], vars, report)
        if (!spec) return []
        const parsed = parseAssertion(spec)
        if (parsed.ok) return [spec]
        for (const issue of parsed.issues) report([...at, j, 'value'], issue.message)
        return []
    })
}

const convertAssertion = (raw: unknown, at: Path, vars: Json, report: (at: Path, message: string) => void): Json | undefined => {
    if (!isObject(raw) || typeof raw.type !== 'string') {
        report(at, 'an assertion must be an object with a `type`')
        return undefined
    }
    const extra = Object.keys(raw).filter((k) => k !== 'type' && k !== 'value')
    if (extra.length > 0)
        report(
            at,
            `assertion field(s) ${extra.map((k) => `\`${k}\``).join(', ')} (weight, threshold, metric, …) are not supported; remove them`
        )
    const negated = raw.type.startsWith('not-')
    const type = negated ? raw.type.slice(4) : raw.type
    if (!MAPPABLE.includes(type) || (negated && !NEGATABLE.has(type))) {
        report(
            [...at, 'type'],
            `promptfoo assertion type \`${raw.type}\` has no equivalent; supported: ${MAPPABLE.join(', ')}, and not- before ${[...NEGATABLE].join(', ')}`
        )
        return undefined
    }
    const value = fill(raw.value, vars)
    if (typeof value === 'string' && value.startsWith('file://')) {
        report([...at, 'value'], 'assertion files (file://…) are not read; paste the code or text')
        return undefined
    }
    const not = negated ? { not: true } : {}
    const caseSensitive = !type.startsWith('i')
    switch (type) {
        case 'equals':
            return { type: 'equals', value: typeof value === 'number' ? String(value) : value, ...not }
        case 'contains':
        case 'icontains':
            return { type: 'contains', value, caseSensitive, ...not }
        case 'regex':
            return { type: 'regex', pattern: value, ...not }
        case 'is-json':
            return value === undefined ? { type: 'is-json' } : { type: 'is-json', schema: value }
        case 'javascript':
            return { type: 'javascript', code: value }
        case 'llm-rubric':
            return { type: 'llm-rubric', rubric: value }
        default: {
            // contains-any, contains-all and their case-insensitive forms; promptfoo also takes "a, b".
            const values = typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value
            return { type: 'contains', values, mode: type.endsWith('-any') ? 'any' : 'all', caseSensitive, ...not }
        }
    }
}

/** Fills placeholders in an assertion's value; unknown ones stay as written, since `{{` can be literal text or code there. */
const fill = (value: unknown, vars: Json): unknown => {
    const keepAsWritten = () => undefined
    if (typeof value === 'string') return render(value, vars, keepAsWritten)
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? render(v, vars, keepAsWritten) : v))
    return value
}

const slug = (description: unknown): string | undefined => {
    if (typeof description !== 'string') return undefined
    const s = description
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60)
        .replace(/-+$/, '')
    return s === '' ? undefined : s
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value)

/** `4:3 test "capital of France" (tests[2]) › assert[0] (icontains) › value`. */
const where = (document: SuiteDocument, config: Json, at: Path): string => {
    const position = document.locate(at)
    let label = formatPath(at)
    if (at[0] === 'tests' && typeof at[1] === 'number') {
        const test = (config.tests as unknown[])[at[1]]
        const description = isObject(test) && typeof test.description === 'string' ? `test "${test.description}"` : `test #${at[1] + 1}`
        const rest = at.slice(2)
        label = `${description} (tests[${at[1]}])${rest.length ? ` › ${formatPath(rest)}` : ''}`
    }
    return [position, label].filter(Boolean).join(' ')
}
