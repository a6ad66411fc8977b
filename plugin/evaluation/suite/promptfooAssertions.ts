import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseYaml } from 'yaml'
import { ConfigFiles, FileReferenceError, splitFunctionName } from './configFiles'
import { renderTemplate, TemplateRenderError } from './renderTemplate'
import { JUDGED_ASSERTION_TYPES } from '../assertions/judged'

type Json = Record<string, unknown>
type Path = readonly (string | number)[]
export type Report = (at: Path, message: string) => void

/** What converting a config's assertions needs besides the assertion. */
export interface AssertionScope {
    readonly files: ConfigFiles
    readonly vars: Json
    readonly report: Report
    /** Judges named on assertions (`provider`): the suite's judge when they agree. */
    readonly judges: Set<string>
    /** The tools offered in the config's provider settings, for `is-valid-openai-tools-call`. */
    readonly tools?: unknown[]
}

// Types whose native spec takes `not: true`.
const NEGATABLE = new Set([
    'equals',
    'contains',
    'icontains',
    'contains-any',
    'contains-all',
    'icontains-any',
    'icontains-all',
    'regex',
    'starts-with',
    'similar',
    'contains-json',
    'not-empty'
])
const SUPPORTED = [
    ...NEGATABLE,
    'is-json',
    'javascript',
    'llm-rubric',
    'g-eval',
    'latency',
    'cost',
    'levenshtein',
    'min-length',
    'max-length',
    'is-valid-openai-tools-call',
    'factuality',
    'model-graded-closedqa',
    'assert-set'
]
const COMMON = ['type', 'value', 'threshold', 'weight', 'metric', 'transform', 'provider']

/** Types whose `provider` is the judge (for the others it is an embedding or classifier model). */
const JUDGED = new Set([...JUDGED_ASSERTION_TYPES, 'g-eval'])

/** promptfoo's `g-eval` default pass mark. */
const G_EVAL_THRESHOLD = 0.7

/** The CSV-style list of `contains-any: 'a, "b, c"'`: commas split, quotes keep them. */
export const splitList = (text: string): string[] => {
    try {
        const [row] = parseCsv(text, { trim: true, relax_quotes: true, skip_empty_lines: true }) as string[][]
        return (row ?? []).filter((v) => v !== '')
    } catch {
        return text
            .split(',')
            .map((v) => v.trim())
            .filter((v) => v !== '')
    }
}

/** Renders a string value with the test's vars; a value that is not a valid template (code, say) stays as written. */
const fill = (value: unknown, vars: Json): unknown => {
    const one = (v: unknown) => {
        if (typeof v !== 'string' || !(v.includes('{{') || v.includes('{%'))) return v
        try {
            return renderTemplate(v, vars)
        } catch (error) {
            if (error instanceof TemplateRenderError) return v
            throw error
        }
    }
    return Array.isArray(value) ? value.map(one) : one(value)
}

/** JavaScript from a module file (`module.exports = (output, context) => …`, or a named export). */
const moduleCode = (source: string, fn: string | undefined): string =>
    `var module = { exports: {} }; var exports = module.exports;\n${source.replace(/^[ \t]*export[ \t]+default[ \t]+/m, 'module.exports = ')}\n` +
    `;var __fn = ${fn ? `module.exports[${JSON.stringify(fn)}]` : 'typeof module.exports === "function" ? module.exports : module.exports.default'};\n` +
    `if (typeof __fn !== 'function') throw new Error('the file exports no function${fn ? ` named ${fn}` : ''}');\nreturn __fn(output, context);`

const SCRIPT = /\.(c|m)?js$/i
const TYPESCRIPT = /\.(c|m)?tsx?$/i
const PYTHON = /\.py$/i

/** Code from `file://x.js[:fn]`: loaded (in the sandbox it has no `require`); TypeScript and Python files are refused, naming them. */
export const scriptFromReference = (reference: string, files: ConfigFiles, what: string): string => {
    const { file: written, fn } = splitFunctionName(ConfigFiles.pathOf(reference))
    const file = `file://${written}`
    files.resolve(file)
    if (PYTHON.test(file))
        throw new FileReferenceError(`${reference}: Python ${what} are not run (no Python sandbox); rewrite it in JavaScript`)
    if (TYPESCRIPT.test(file))
        throw new FileReferenceError(`${reference}: TypeScript ${what} are not compiled; compile it to a .js file and reference that`)
    if (!SCRIPT.test(file)) throw new FileReferenceError(`${reference}: a ${what} file must be JavaScript (.js)`)
    return moduleCode(files.readText(file), fn)
}

/** A value loaded from a file: parsed for .json/.yaml, text otherwise. */
const dataFromReference = (reference: string, files: ConfigFiles): unknown => {
    const text = files.readText(reference)
    if (/\.json$/i.test(reference)) return JSON.parse(text)
    if (/\.ya?ml$/i.test(reference)) return parseYaml(text)
    return text
}

/**
 * Converts one promptfoo assertion into native specs (one, or several for an `assert-set`),
 * keeping promptfoo's semantics: `threshold`, `weight`, `metric` and `transform` included.
 * Anything that would change the grade but has no equivalent is reported, never dropped.
 */
export const convertAssertion = (raw: unknown, at: Path, scope: AssertionScope): Json[] => {
    const { report } = scope
    if (!isObject(raw) || typeof raw.type !== 'string') {
        report(at, 'an assertion must be an object with a `type`')
        return []
    }
    try {
        return convert(raw as Json & { type: string }, at, scope)
    } catch (error) {
        if (error instanceof FileReferenceError || error instanceof SyntaxError) report([...at, 'value'], error.message)
        else if (error instanceof Error && error.name === 'YAMLParseError')
            report([...at, 'value'], `the file is not valid YAML: ${error.message}`)
        else throw error
        return []
    }
}

const convert = (raw: Json & { type: string }, at: Path, scope: AssertionScope): Json[] => {
    const { report, files } = scope
    const extra = Object.keys(raw).filter((k) => !COMMON.includes(k) && !(raw.type === 'assert-set' && k === 'assert'))
    if (extra.length > 0) {
        report(
            at,
            `assertion field(s) ${extra.map((k) => `\`${k}\``).join(', ')} are not supported; remove them (supported: ${COMMON.join(', ')})`
        )
        return []
    }
    // `not-empty` is a type of its own, not the negation of `empty`.
    const negated = raw.type.startsWith('not-') && !SUPPORTED.includes(raw.type)
    const type = negated ? raw.type.slice(4) : raw.type
    if (type === 'python') {
        // A missing script is named first: that is what the user must fix before anything else.
        if (ConfigFiles.isReference(raw.value)) files.resolve(`file://${splitFunctionName(ConfigFiles.pathOf(raw.value)).file}`)
        report([...at, 'type'], 'python assertions are not run (Orquesta has no Python sandbox); rewrite it as a `javascript` assertion')
        return []
    }
    if (!SUPPORTED.includes(type) || (negated && !NEGATABLE.has(type))) {
        report(
            [...at, 'type'],
            `promptfoo assertion type \`${raw.type}\` is not supported; supported: ${SUPPORTED.join(', ')}, and not- before ${[...NEGATABLE].join(', ')}`
        )
        return []
    }
    if (raw.provider !== undefined && JUDGED.has(type)) {
        const judge =
            typeof raw.provider === 'string'
                ? raw.provider
                : isObject(raw.provider) && typeof raw.provider.id === 'string'
                  ? raw.provider.id
                  : undefined
        if (judge === undefined) report([...at, 'provider'], 'the grader `provider` must be a model name or `{id: <model>}`')
        else scope.judges.add(judge)
    }
    const common: Json = {}
    if (raw.weight !== undefined) common.weight = raw.weight
    if (raw.metric !== undefined) common.metric = raw.metric
    if (raw.transform !== undefined)
        common.transform = ConfigFiles.isReference(raw.transform) ? scriptFromReference(raw.transform, files, 'transforms') : raw.transform
    const threshold = raw.threshold
    if (threshold !== undefined && typeof threshold !== 'number') {
        report([...at, 'threshold'], '`threshold` must be a number')
        return []
    }
    if (type === 'assert-set') return assertSet(raw, at, scope, common)
    let value = raw.value
    if (ConfigFiles.isReference(value)) {
        value = type === 'javascript' ? scriptFromReference(value, files, 'assertions') : dataFromReference(value, files)
    } else value = fill(value, scope.vars)
    const not = negated ? { not: true } : {}
    const caseSensitive = !type.startsWith('i')
    const spec = (s: Json): Json[] => [{ ...s, ...common }]
    const text = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v)
    switch (type) {
        case 'equals':
            if (isObject(value) || Array.isArray(value)) {
                // promptfoo compares structured values as JSON.
                const code = `JSON.stringify(output) === ${JSON.stringify(JSON.stringify(value))}`
                return spec({ type: 'javascript', code: negated ? `!(${code})` : code, parseJsonOutput: true })
            }
            return spec({ type: 'equals', value: text(value), ...not })
        case 'contains':
        case 'icontains':
            return spec({ type: 'contains', value: text(value), caseSensitive, ...not })
        case 'contains-any':
        case 'contains-all':
        case 'icontains-any':
        case 'icontains-all': {
            const values = typeof value === 'string' ? splitList(value) : Array.isArray(value) ? value.map(text) : value
            return spec({ type: 'contains', values, mode: type.endsWith('-any') ? 'any' : 'all', caseSensitive, ...not })
        }
        case 'regex':
            return spec({ type: 'regex', pattern: value, ...not })
        case 'starts-with':
            return spec({ type: 'starts-with', value: text(value), ...not })
        case 'is-json':
            return spec(value === undefined ? { type: 'is-json' } : { type: 'is-json', schema: value })
        case 'contains-json':
            return spec({ type: 'contains-json', ...(value === undefined ? {} : { schema: value }), ...not })
        case 'javascript':
            return spec({
                type: 'javascript',
                code: value,
                parseJsonOutput: true,
                ...(threshold === undefined ? { passWhen: 'positive' } : { threshold: Math.min(1, Math.max(0, threshold)) })
            })
        case 'llm-rubric':
            return spec({
                type: 'llm-rubric',
                rubric: typeof value === 'string' ? value : JSON.stringify(value),
                ...(threshold === undefined ? {} : { threshold })
            })
        case 'g-eval':
            return spec({
                type: 'llm-rubric',
                rubric: Array.isArray(value) ? value.join('\n') : value,
                threshold: threshold ?? G_EVAL_THRESHOLD
            })
        case 'similar':
            return spec({ type: 'similar', value, ...(threshold === undefined ? {} : { threshold }), ...not })
        case 'latency':
        case 'cost':
            return spec({ type, threshold })
        case 'not-empty':
            return spec({ type, ...not })
        case 'min-length':
        case 'max-length':
            return spec({ type, value: typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value })
        case 'levenshtein':
            return spec({ type: 'levenshtein', value: text(value), ...(threshold === undefined ? {} : { threshold }) })
        case 'is-valid-openai-tools-call':
            return spec({ type, ...(scope.tools ? { tools: scope.tools } : {}) })
        default:
            // factuality, model-graded-closedqa
            return spec({ type, value: typeof value === 'string' ? value : JSON.stringify(value) })
    }
}

/** An `assert-set` without a threshold is its assertions, each weighted by its share of the set's weight. */
const assertSet = (raw: Json, at: Path, scope: AssertionScope, common: Json): Json[] => {
    if (raw.threshold !== undefined || common.transform !== undefined || !Array.isArray(raw.assert)) {
        scope.report(
            at,
            'an assert-set with `threshold` or `transform`, or without an `assert` list, is not supported; list its assertions in the test'
        )
        return []
    }
    const children = raw.assert.flatMap((child, j) => convertAssertion(child, [...at, 'assert', j], scope))
    const setWeight = typeof common.weight === 'number' ? common.weight : 1
    const total = children.reduce((sum, c) => sum + (typeof c.weight === 'number' ? c.weight : 1), 0)
    return children.map((c) => ({
        ...c,
        weight: total === 0 ? 0 : (setWeight * (typeof c.weight === 'number' ? c.weight : 1)) / total,
        ...(common.metric !== undefined ? { metric: common.metric } : {})
    }))
}

export const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value)
