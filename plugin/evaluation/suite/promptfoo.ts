import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { EVALUATION_CATEGORIES, UNCATEGORISED } from '../types'
import { ConfigFiles, FileReferenceError } from './configFiles'
import { convertAssertion, isObject, scriptFromReference, type AssertionScope } from './promptfooAssertions'
import { readPrompts, renderPrompt } from './promptfooPrompts'
import { providerWarnings } from './promptfooProviders'
import { readTests, type SourcedTest } from './promptfooTests'
import { renderTemplate, TemplateRenderError } from './renderTemplate'
import type { SuiteDocument } from './readDocument'
import { MAX_SUITE_CASES } from './schema'
import { formatPath, SuiteFormatError, type SuiteProblem } from './SuiteFormatError'

type Json = Record<string, unknown>
type Path = readonly (string | number)[]

/** Top-level promptfoo fields that configure a run, not the tests: the evaluation picks its own models and output. */
const RUN_SETTINGS = new Set([
    'providers',
    'targets',
    'outputPath',
    'sharing',
    'evaluateOptions',
    'env',
    'commandLineOptions',
    'tags',
    'metadata',
    'writeLatestResults',
    '$schema',
    'tracing',
    'derivedMetrics',
    'extensions'
])
const CONTENT_FIELDS = new Set(['description', 'prompts', 'tests', 'defaultTest', 'scenarios', 'judge'])
const TEST_FIELDS = ['description', 'vars', 'assert', 'metadata', 'options', 'threshold', 'provider', 'providers']
const OPTION_FIELDS = [
    'provider',
    'transform',
    'prefix',
    'suffix',
    'disableVarExpansion',
    'runSerially',
    'storeOutputAs',
    'disableConversationVar'
]

/** Most characters of prompts a config may render in all (its templates × its tests). */
const MAX_RENDERED_PROMPT_CHARS = 16 * 1024 * 1024

const PROMPTFOO_MARKERS = ['tests', 'scenarios', 'prompts', 'providers', 'targets', 'defaultTest', 'redteam']

/** Whether parsed file data is a promptfoo config (one of its top-level fields, and no `cases`). */
export const isPromptfooConfig = (data: unknown): boolean =>
    isObject(data) && PROMPTFOO_MARKERS.some((k) => k in data) && !('cases' in data)

/** A converted config: the native suite data and what of the config is not applied. */
export interface ConvertedConfig {
    readonly suite: Json
    readonly warnings: readonly string[]
}

/**
 * Converts a promptfoo config into the native suite shape, with promptfoo's semantics: one case
 * per test (after `scenarios` and the expansion of list vars) and prompt, prompts rendered with
 * Nunjucks from the test's vars over `defaultTest.vars`, `defaultTest.assert` (rendered with
 * each test's vars) before each test's own, `file://` prompts, vars, tests and assertions read
 * from the config's directory tree, the category from `metadata.category` (else
 * `uncategorised`), and the judge from `defaultTest.options.provider`. Anything that would
 * change the grades but has no equivalent is an error naming the field; run settings that are
 * not applied (the providers' tools, response formats …) are warnings.
 * @throws SuiteFormatError with paths into the promptfoo file.
 */
export const fromPromptfoo = (
    config: Json,
    fileName: string,
    document: SuiteDocument,
    baseDir?: string,
    rootDir?: string
): ConvertedConfig => {
    const problems: SuiteProblem[] = []
    const warnings: string[] = []
    const report = (at: Path, message: string, origin?: string) => problems.push({ where: origin ?? where(document, at), message })
    const files = new ConfigFiles(baseDir, rootDir)
    const attempt = <T>(at: Path, read: () => T, origin?: string): T | undefined => {
        try {
            return read()
        } catch (error) {
            if (
                error instanceof FileReferenceError ||
                error instanceof TypeError ||
                error instanceof TemplateRenderError ||
                error instanceof SyntaxError
            )
                report(at, error.message, origin)
            else if (error instanceof Error && /YAML|CsvError/.test(error.name + error.constructor.name))
                report(at, `cannot read the file: ${error.message}`, origin)
            else throw error
            return undefined
        }
    }
    for (const key of Object.keys(config)) {
        if (key === 'redteam')
            report(
                [key],
                '`redteam` configs generate their tests with promptfoo; run `promptfoo redteam generate` and load the generated file'
            )
        else if (key === 'nunjucksFilters')
            report([key], "custom Nunjucks filters (JavaScript files) are not loaded; remove `nunjucksFilters` and the filters' uses")
        // promptfoo itself ignores fields it does not know (YAML anchors are often kept in such fields).
        else if (!CONTENT_FIELDS.has(key) && !RUN_SETTINGS.has(key))
            warnings.push(`field \`${key}\` is not a promptfoo config field and is ignored`)
    }
    if (config.extensions !== undefined) warnings.push('`extensions` (hooks) are not run')
    if (config.derivedMetrics !== undefined) warnings.push('`derivedMetrics` are not computed')
    const providers = attempt(['providers'], () => providerWarnings(config.providers ?? config.targets, files)) ?? {
        warnings: [],
        tools: undefined
    }
    warnings.push(...providers.warnings)

    const prompts = attempt(['prompts'], () => readPrompts(config.prompts, files)) ?? []
    const defaultTest =
        (ConfigFiles.isReference(config.defaultTest)
            ? attempt(['defaultTest'], () => parseYaml(files.readText(config.defaultTest as string)) as unknown)
            : config.defaultTest) ?? {}
    if (!isObject(defaultTest)) report(['defaultTest'], '`defaultTest` must be an object (or a file:// reference to one)')
    const base: Json = isObject(defaultTest) ? defaultTest : {}
    for (const key of Object.keys(base))
        if (!TEST_FIELDS.includes(key))
            report(['defaultTest', key], `defaultTest field \`${key}\` is not supported; allowed: ${TEST_FIELDS.join(', ')}`)
    const baseOptions = readOptions(base.options, ['defaultTest', 'options'], report, warnings)
    const judges = new Set<string>()
    let temperature = 0
    let embeddingModel: string | undefined
    const provider = baseOptions.provider
    if (provider !== undefined) {
        const read = readGrader(provider)
        if (!read)
            report(
                ['defaultTest', 'options', 'provider'],
                'the grader must be a model name, `{id: <model>, config: {temperature}}` or `{text: …, embedding: …}`'
            )
        else {
            if (read.judge) judges.add(read.judge)
            temperature = read.temperature ?? 0
            embeddingModel = read.embedding
        }
    }

    // The tests: the config's own, then each scenario's configurations × its tests.
    const sourced: SourcedTest[] = attempt(['tests'], () => readTests(config.tests, files)) ?? []
    if (config.scenarios !== undefined) {
        const scenarios = ConfigFiles.isReference(config.scenarios)
            ? attempt(['scenarios'], () => parseYaml(files.readText(config.scenarios as string)) as unknown)
            : config.scenarios
        if (!Array.isArray(scenarios)) report(['scenarios'], '`scenarios` must be a list of {config: [...], tests: [...]}')
        else
            scenarios.forEach((scenario, s) => {
                if (!isObject(scenario) || !Array.isArray(scenario.config))
                    return report(['scenarios', s], 'a scenario needs `config` (a list of vars sets) and `tests`')
                const tests = attempt(['scenarios', s, 'tests'], () => readTests(scenario.tests, files, `scenarios[${s}].tests`)) ?? []
                scenario.config.forEach((entry, c) => {
                    const setting = isObject(entry) ? entry : {}
                    for (const t of tests) {
                        const test = isObject(t.test) ? t.test : {}
                        sourced.push({
                            origin: `${t.origin} × scenarios[${s}].config[${c}]`,
                            test: {
                                ...setting,
                                ...test,
                                vars: { ...(isObject(setting.vars) ? setting.vars : {}), ...(isObject(test.vars) ? test.vars : {}) },
                                description:
                                    [scenario.description, test.description ?? setting.description]
                                        .filter((d) => typeof d === 'string')
                                        .join(' — ') || undefined
                            }
                        })
                    }
                })
            })
    }
    if (sourced.length === 0 && problems.length === 0)
        report(['tests'], '`tests` is empty: add tests (a list, or file:// to a YAML, JSON or CSV file)')

    const cases: Json[] = []
    const usedIds = new Map<string, number>()
    let renderedChars = 0
    for (const { test: rawTest, origin } of sourced) {
        if (cases.length > MAX_SUITE_CASES || renderedChars > MAX_RENDERED_PROMPT_CHARS) break
        const at: Path = ['tests']
        const say = (message: string, field?: string) => report(at, message, `${origin}${field ? ` › ${field}` : ''}`)
        if (!isObject(rawTest)) {
            say('a test must be an object with `vars` and `assert`')
            continue
        }
        for (const key of Object.keys(rawTest)) {
            if (key === 'providerOutput' || key === 'assertScoringFunction') say(`test field \`${key}\` is not supported; remove it`, key)
            else if (!TEST_FIELDS.includes(key) && rawTest[key] !== undefined)
                warnings.push(`test field \`${key}\` is not a promptfoo test field and is ignored`)
        }
        if (rawTest.provider !== undefined || rawTest.providers !== undefined)
            warnings.push(`${origin}: the test's own providers are not used; every case runs on the evaluated models`)
        const options = { ...baseOptions, ...readOptions(rawTest.options, [], (_, m) => say(m, 'options'), warnings) }
        if (isObject(rawTest.options) && rawTest.options.provider !== undefined) {
            const read = readGrader(rawTest.options.provider)
            if (read?.judge) judges.add(read.judge)
        }
        const ownVars = attempt(at, () => loadVars(rawTest.vars, files), `${origin} › vars`)
        const defaultVars = attempt(['defaultTest', 'vars'], () => loadVars(base.vars, files))
        if (ownVars === undefined || defaultVars === undefined) continue
        const combos = options.disableVarExpansion === true ? [{ ...defaultVars, ...ownVars }] : expand({ ...defaultVars, ...ownVars })
        if (combos.length * prompts.length + cases.length > MAX_SUITE_CASES) {
            say(`the tests make more than ${MAX_SUITE_CASES} cases (list vars expand into one test per value); split the config`)
            break
        }
        const metadata = { ...(isObject(base.metadata) ? base.metadata : {}), ...(isObject(rawTest.metadata) ? rawTest.metadata : {}) }
        const category =
            [metadata.category, (ownVars as Json).category].find((c) => EVALUATION_CATEGORIES.includes(c as never)) ?? UNCATEGORISED
        const threshold = rawTest.threshold ?? base.threshold
        if (threshold !== undefined && (typeof threshold !== 'number' || threshold < 0 || threshold > 1))
            say('`threshold` must be a number from 0 to 1', 'threshold')
        const transform =
            typeof options.transform === 'string'
                ? ConfigFiles.isReference(options.transform)
                    ? attempt(
                          at,
                          () => scriptFromReference(options.transform as string, files, 'transforms'),
                          `${origin} › options.transform`
                      )
                    : options.transform
                : undefined
        const baseId = typeof metadata.id === 'string' ? metadata.id : (slug(rawTest.description) ?? `test-${cases.length + 1}`)
        combos.forEach((combo, v) => {
            const vars = attempt(at, () => resolveVarReferences(combo), `${origin} › vars`)
            if (!vars) return
            const scope: AssertionScope = {
                files,
                vars,
                report: (p, m) => report(p, m, `${origin} › ${formatPath(p)}`),
                judges,
                tools: providers.tools
            }
            const assertions = [
                ...list(base.assert, 'defaultTest.assert', say).flatMap((a, j) =>
                    convertAssertion(a, ['defaultTest', 'assert', j], { ...scope, report: (p, m) => report(p, m) })
                ),
                ...list(rawTest.assert, 'assert', say).flatMap((a, j) => convertAssertion(a, ['assert', j], scope))
            ]
            const idBase = combos.length > 1 ? `${baseId}.v${v + 1}` : baseId
            prompts.forEach((prompt, k) => {
                const messages = attempt(
                    at,
                    () => withAffixes(renderPrompt(prompt, vars), options),
                    `${origin} › prompts[${k}] (${prompt.label})`
                )
                if (!messages) return
                renderedChars += messages.reduce((n, m) => n + m.content.length, 0)
                if (renderedChars > MAX_RENDERED_PROMPT_CHARS)
                    return say(`the rendered prompts pass ${MAX_RENDERED_PROMPT_CHARS} characters in all; shorten them or split the config`)
                const id = uniqueId(prompts.length === 1 ? idBase : `${idBase}.p${k + 1}`, usedIds)
                cases.push({
                    id,
                    category,
                    messages,
                    assert: assertions,
                    ...(typeof metadata.reference === 'string' ? { reference: metadata.reference } : {}),
                    ...(Object.keys(vars).length > 0 ? { vars } : {}),
                    ...(typeof threshold === 'number' ? { threshold } : {}),
                    ...(transform ? { transform } : {})
                })
            })
        })
    }
    const judge = readJudge(config.judge, judges, temperature, report)
    // defaultTest's problems are found once per test: each is reported once.
    const unique = [...new Map(problems.map((p) => [`${p.where}\n${p.message}`, p])).values()]
    if (unique.length > 0) throw new SuiteFormatError(fileName, unique)
    const description = typeof config.description === 'string' ? config.description : undefined
    return {
        suite: {
            name: description ?? path.basename(fileName).replace(/\.[^.]+$/, ''),
            ...(description ? { description } : {}),
            ...(judge ? { judge } : {}),
            ...(embeddingModel ? { embeddingModel } : {}),
            cases
        },
        warnings: [...new Set(warnings)]
    }
}

/** Options that change the grades; any other option (a provider setting such as `temperature`) is ignored with a warning. */
const GRADING_OPTIONS = new Set(['transformVars', 'rubricPrompt', 'factuality'])

const readOptions = (value: unknown, at: Path, report: (at: Path, message: string) => void, warnings: string[]): Json => {
    if (value === undefined) return {}
    if (!isObject(value)) {
        report(at, '`options` must be an object')
        return {}
    }
    for (const key of Object.keys(value)) {
        if (key === 'rubricPrompt')
            report([...at, key], 'a custom `rubricPrompt` is not supported (the judge uses its own grading prompt); remove it')
        else if (GRADING_OPTIONS.has(key))
            report([...at, key], `option \`${key}\` is not supported; remove it (supported: ${OPTION_FIELDS.join(', ')})`)
        else if (!OPTION_FIELDS.includes(key)) warnings.push(`option \`${key}\` is not applied (a provider setting, or unknown)`)
    }
    return value
}

/** The grader settings of `options.provider`: a judge model and its temperature, and an embedding model. */
const readGrader = (provider: unknown): { judge?: string; temperature?: number; embedding?: string } | undefined => {
    const idOf = (p: unknown) => (typeof p === 'string' ? p : isObject(p) && typeof p.id === 'string' ? p.id : undefined)
    const temperatureOf = (p: unknown) =>
        isObject(p) && isObject(p.config) && typeof p.config.temperature === 'number' ? p.config.temperature : undefined
    if (typeof provider === 'string') return { judge: provider }
    if (!isObject(provider)) return undefined
    if ('text' in provider || 'embedding' in provider) {
        const text = provider.text === undefined ? undefined : idOf(provider.text)
        const embedding = provider.embedding === undefined ? undefined : idOf(provider.embedding)
        if ((provider.text !== undefined && !text) || (provider.embedding !== undefined && !embedding)) return undefined
        return { judge: text, temperature: temperatureOf(provider.text), embedding }
    }
    const id = idOf(provider)
    return id === undefined ? undefined : { judge: id, temperature: temperatureOf(provider) }
}

const readJudge = (
    written: unknown,
    judges: Set<string>,
    temperature: number,
    report: (at: Path, message: string) => void
): Json | undefined => {
    if (written !== undefined) {
        if (isObject(written) && typeof written.model === 'string')
            return { model: written.model, temperature: typeof written.temperature === 'number' ? written.temperature : 0 }
        report(['judge'], '`judge` must be `{model: <proxy model>, temperature: <number>}`')
        return undefined
    }
    if (judges.size > 1) {
        report(
            ['defaultTest', 'options', 'provider'],
            `the config names several graders (${[...judges].join(', ')}); a suite has one pinned judge: use one of them`
        )
        return undefined
    }
    const [model] = judges
    return model === undefined ? undefined : { model, temperature }
}

/** A test's vars: an object, or `file://` YAML/JSON (or a list of them, merged); `file://` values are read. */
const loadVars = (value: unknown, files: ConfigFiles): Json => {
    if (value === undefined || value === null) return {}
    const sources = Array.isArray(value) && value.every(ConfigFiles.isReference) ? value : [value]
    const merged: Json = {}
    for (const source of sources) {
        const data: unknown = ConfigFiles.isReference(source) ? parseYaml(files.readText(source), { maxAliasCount: 100 }) : source
        if (!isObject(data)) throw new TypeError('`vars` must be an object of name: value (or file:// to a YAML/JSON file of one)')
        for (const [name, v] of Object.entries(data)) merged[name] = loadVarValue(name, v, files)
    }
    return merged
}

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i

const loadVarValue = (name: string, value: unknown, files: ConfigFiles): unknown => {
    if (Array.isArray(value)) return value.map((v) => loadVarValue(name, v, files))
    if (!ConfigFiles.isReference(value)) return value
    if (ConfigFiles.isGlob(value)) return files.expand(value).map((r) => loadVarValue(name, r, files))
    const file = ConfigFiles.pathOf(value)
    if (/\.(c|m)?[jt]s$|\.py$/i.test(file)) {
        files.resolve(value)
        throw new FileReferenceError(`var \`${name}\`: ${value}: vars computed by scripts are not run; write the value, or a text file`)
    }
    if (IMAGE.test(file)) return files.read(value).toString('base64')
    if (/\.ya?ml$/i.test(file)) return JSON.stringify(parseYaml(files.readText(value), { maxAliasCount: 100 }))
    return files.readText(value)
}

/** promptfoo's matrix: a var holding a list makes one test per value (every combination of several). */
const expand = (vars: Json): Json[] => {
    let combos: Json[] = [{}]
    for (const [name, value] of Object.entries(vars)) {
        const values = Array.isArray(value) ? value : [value]
        combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })))
        if (combos.length > MAX_SUITE_CASES) return combos
    }
    return combos
}

/** Vars that reference other vars (`greeting: "Hello {{name}}"`) are rendered with them, once. */
const resolveVarReferences = (vars: Json): Json => {
    const resolved: Json = {}
    for (const [name, value] of Object.entries(vars))
        resolved[name] = typeof value === 'string' && value.includes('{{') ? renderTemplate(value, vars) : value
    return resolved
}

const withAffixes = (messages: ReturnType<typeof renderPrompt>, options: Json): ReturnType<typeof renderPrompt> => {
    const prefix = typeof options.prefix === 'string' ? options.prefix : ''
    const suffix = typeof options.suffix === 'string' ? options.suffix : ''
    if (!prefix && !suffix) return messages
    const last = messages.map((m) => m.role).lastIndexOf('user')
    return messages.map((m, i) => (i === last ? { ...m, content: `${prefix}${m.content}${suffix}` } : m))
}

const list = (value: unknown, field: string, say: (message: string, field?: string) => void): unknown[] => {
    if (value === undefined || value === null) return []
    if (Array.isArray(value)) return value
    say(`\`${field}\` must be a list of assertions`, field)
    return []
}

const uniqueId = (base: string, used: Map<string, number>): string => {
    const count = used.get(base) ?? 0
    used.set(base, count + 1)
    return count === 0 ? base : `${base}-${count + 1}`
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

/** `7:5 defaultTest › options`, from a path into the promptfoo file. */
const where = (document: SuiteDocument, at: Path): string => [document.locate(at), formatPath(at)].filter(Boolean).join(' ')
