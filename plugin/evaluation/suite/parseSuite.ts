import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseAssertion, type AssertionSpec } from '../assertions/registry'
import { canonicalJson } from '../canonicalJson'
import { describeZodIssue } from '../describeZodIssue'
import { UNCATEGORISED, type CaseCategory, type ChatMessage, type EvaluationCase, type EvaluationSuite } from '../types'
import { fromPromptfoo, isPromptfooConfig } from './promptfoo'
import { readDocument, type SuiteDocument } from './readDocument'
import { caseSchema, fieldsAt, MAX_CALLS_PER_MODEL, MAX_SUITE_CASES, suiteSchema, type CaseInput } from './schema'
import { formatPath, SuiteFormatError, type SuiteProblem } from './SuiteFormatError'
import { loadSuiteDefaults, type SuiteDefaults } from './suiteDefaults'
import { parseSuiteOffThread } from './suiteParserThread'
import { JUDGED_ASSERTION_TYPES } from '../assertions/judged'

/** A parsed suite whose cases carry validated {@link AssertionSpec}s. */
export interface ParsedSuite extends EvaluationSuite {
    readonly cases: readonly (EvaluationCase & { readonly assertions: readonly AssertionSpec[] })[]
    /** What the suite asks for that is not applied (promptfoo provider settings, say), for the user to see. */
    readonly warnings?: readonly string[]
}

export interface ParseSuiteOptions {
    /** The file's name, for the format (by extension) and for error messages. */
    readonly fileName: string
    /**
     * The directory `file://` references are resolved in and confined to (the suite file's);
     * without it (a suite sent in a request) a reference is an error.
     */
    readonly baseDir?: string
    /** The tree `file://` references are confined to (default `baseDir`), e.g. the server's suites directory. */
    readonly rootDir?: string
    /** The server's default judge and embedding model; read from the environment when not given. */
    readonly defaults?: SuiteDefaults
}

type Path = readonly (string | number)[]

/**
 * Parses a suite file's text: the native format ({@link suiteSchema}) or a promptfoo config
 * (recognised by its `tests`), YAML or JSON. Every problem is collected and reported at once.
 * @throws SuiteFormatError naming the file, and for each problem the case, assertion and field.
 */
export const parseSuite = (text: string, options: ParseSuiteOptions): ParsedSuite => {
    const { fileName } = options
    const defaults = options.defaults ?? loadSuiteDefaults()
    const read = readDocument(text, fileName)
    const promptfoo = isPromptfooConfig(read.data)
    const converted = promptfoo
        ? fromPromptfoo(read.data as Record<string, unknown>, fileName, read, options.baseDir, options.rootDir)
        : undefined
    const raw = converted ? converted.suite : read.data
    // Problems found after conversion have paths into the converted data, not the file.
    const document: SuiteDocument = promptfoo ? { data: raw, locate: () => undefined } : read
    const problems: SuiteProblem[] = []
    const report = (at: Path, message: string) => problems.push({ where: where(document, raw, at), message })

    const suite = suiteSchema.safeParse(raw)
    if (!suite.success) {
        for (const issue of suite.error.issues) report(issue.path, describeZodIssue(issue, fieldsAt(objectPath(issue, issue.path))))
        const rawCases = (raw as { cases?: unknown } | null)?.cases
        if (!Array.isArray(rawCases) || rawCases.length > MAX_SUITE_CASES) throw new SuiteFormatError(fileName, problems)
    }
    const header = (raw ?? {}) as {
        judge?: ParsedSuite['judge']
        embeddingModel?: string
        defaults?: CaseDefaults
        cases: unknown[]
    }
    const judge = header.judge ?? (defaults.judgeModel ? { model: defaults.judgeModel, temperature: 0 } : undefined)
    const embeddingModel = header.embeddingModel ?? defaults.embeddingModel
    const cases: ParsedSuite['cases'][number][] = []
    const firstIndexOf = new Map<string, number>()
    header.cases.forEach((rawCase, index) => {
        const parsed = caseSchema.safeParse(rawCase)
        const assertions = parseAssertions(rawCase, index, report)
        // Checked on the raw id, so a duplicate is reported together with the case's other problems.
        const id = (rawCase as { id?: unknown } | null)?.id
        if (typeof id === 'string') {
            const previous = firstIndexOf.get(id)
            if (previous !== undefined)
                report(['cases', index, 'id'], `duplicate case id "${id}" (also cases[${previous}]); ids must be unique`)
            else firstIndexOf.set(id, index)
        }
        if (!parsed.success) {
            for (const issue of parsed.error.issues) {
                const at = ['cases', index, ...issue.path]
                report(at, describeZodIssue(issue, fieldsAt(objectPath(issue, at))))
            }
            return
        }
        const judged = assertions?.find((a) => JUDGED_ASSERTION_TYPES.has(a.type))
        if (!judge && judged) {
            const where = promptfoo
                ? '`defaultTest: {options: {provider: <proxy model>}}`'
                : '`judge: {model: <proxy model>, temperature: 0}` at the top of the suite'
            report(['cases', index, 'assert'], `${judged.type} needs a judge: add ${where}, or set ORQUESTA_EVAL_JUDGE_MODEL on the server`)
        }
        if (!embeddingModel && assertions?.some((a) => a.type === 'similar')) {
            const where = promptfoo
                ? '`defaultTest: {options: {provider: {embedding: <proxy model>}}}`'
                : '`embeddingModel: <proxy model>` at the top of the suite'
            report(
                ['cases', index, 'assert'],
                `similar needs an embedding model: add ${where}, or set ORQUESTA_EVAL_EMBEDDING_MODEL on the server`
            )
        }
        if (assertions) cases.push(toCase(parsed.data, assertions, header.defaults))
    })
    const calls = cases.reduce((sum, c) => sum + c.repeats, 0)
    if (calls > MAX_CALLS_PER_MODEL) {
        report(
            [],
            `the cases ask each model for ${calls} answers (cases × repeats); at most ${MAX_CALLS_PER_MODEL}: lower repeats or split the suite`
        )
    }
    if (problems.length > 0 || !suite.success) throw new SuiteFormatError(fileName, problems)
    const { name, description } = suite.data
    const warnings = converted?.warnings ?? []
    return {
        name,
        description,
        judge,
        ...(embeddingModel ? { embeddingModel } : {}),
        hash: suiteHash(judge, cases, embeddingModel),
        cases,
        ...(warnings.length > 0 ? { warnings } : {})
    }
}

/**
 * Reads and parses a suite file (see {@link parseSuite}) on a worker thread; its `file://`
 * references are confined to `rootDir` (default: the file's directory).
 */
export const loadSuite = async (filePath: string, rootDir?: string): Promise<ParsedSuite> => {
    let text: string
    try {
        text = await readFile(filePath, 'utf8')
    } catch (error) {
        throw new SuiteFormatError(filePath, [{ where: '', message: `cannot read the file (${(error as Error).message}); check the path` }])
    }
    return parseSuiteOffThread(text, filePath, path.dirname(path.resolve(filePath)), rootDir)
}

/**
 * sha256 (hex) of the canonical JSON of what decides the grades: the judge and the normalised
 * cases (defaults applied, assertion defaults filled in) without their reference answers.
 * Formatting, comments, key order, the file format, the suite's name and description and the
 * references do not change it.
 */
export const suiteHash = (judge: EvaluationSuite['judge'], cases: readonly EvaluationCase[], embeddingModel?: string): string =>
    createHash('sha256')
        .update(canonicalJson({ judge, embeddingModel, cases: cases.map((c) => ({ ...c, reference: undefined })) }))
        .digest('hex')

const parseAssertions = (rawCase: unknown, index: number, report: (at: Path, message: string) => void): AssertionSpec[] | undefined => {
    const list = (rawCase as { assert?: unknown } | null)?.assert
    if (!Array.isArray(list)) return undefined
    const specs: AssertionSpec[] = []
    let valid = true
    list.forEach((rawAssertion, j) => {
        const parsed = parseAssertion(rawAssertion)
        if (parsed.ok) specs.push(parsed.spec)
        else {
            valid = false
            for (const issue of parsed.issues) report(['cases', index, 'assert', j, ...issue.path], issue.message)
        }
    })
    return valid ? specs : undefined
}

interface CaseDefaults {
    readonly repeats?: number
    readonly maxTokens?: number
    readonly category?: CaseCategory
}

const toCase = (input: CaseInput, assertions: AssertionSpec[], defaults: CaseDefaults = {}): ParsedSuite['cases'][number] => {
    const messages: ChatMessage[] = [
        ...(input.system !== undefined ? [{ role: 'system' as const, content: input.system }] : []),
        ...(input.messages ?? [{ role: 'user' as const, content: input.prompt! }])
    ]
    return {
        id: input.id,
        category: input.category ?? defaults.category ?? UNCATEGORISED,
        messages,
        repeats: input.repeats ?? defaults.repeats ?? 1,
        maxTokens: input.maxTokens ?? defaults.maxTokens,
        assertions,
        reference: input.reference,
        vars: input.vars,
        ...(input.threshold !== undefined ? { threshold: input.threshold } : {}),
        ...(input.transform !== undefined ? { transform: input.transform } : {})
    }
}

/** `12:9 case "bat-ball" (cases[0]) › assert[1] (regex) › pattern`, from a path into the (native) data. */
const where = (document: SuiteDocument, raw: unknown, at: Path): string => {
    const position = document.locate(at)
    const parts: string[] = []
    let rest = at
    if (rest[0] === 'cases' && typeof rest[1] === 'number') {
        const rawCase = (raw as { cases: unknown[] }).cases[rest[1]] as { id?: unknown; assert?: unknown[] } | undefined
        parts.push(
            typeof rawCase?.id === 'string' ? `case "${rawCase.id}" (cases[${rest[1]}])` : `case #${rest[1] + 1} (cases[${rest[1]}])`
        )
        rest = rest.slice(2)
        if (rest[0] === 'assert' && typeof rest[1] === 'number') {
            const type = (rawCase?.assert?.[rest[1]] as { type?: unknown } | undefined)?.type
            parts.push(`assert[${rest[1]}]${typeof type === 'string' ? ` (${type})` : ''}`)
            rest = rest.slice(2)
        }
    }
    if (rest.length > 0) parts.push(formatPath(rest))
    return [position, parts.join(' › ')].filter(Boolean).join(' ')
}

/** The path of the object an issue is about: an unknown key is reported on the object itself, other issues on a field. */
const objectPath = (issue: { code: string }, at: Path): Path => (issue.code === 'unrecognized_keys' ? at : at.slice(0, -1))
