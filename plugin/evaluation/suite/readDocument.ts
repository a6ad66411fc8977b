import { LineCounter, parseDocument, type Document } from 'yaml'
import { bracketNestingOver, depthOver, MAX_NESTING_DEPTH } from '../../limits/nesting'
import { SuiteFormatError } from './SuiteFormatError'

/** Largest suite file accepted (bytes of UTF-8): real suites are a few hundred KB at most. */
export const MAX_SUITE_BYTES = 2 * 1024 * 1024
/** Aliases a YAML suite may expand: enough for shared assertions, far too few for an alias bomb. */
export const MAX_YAML_ALIASES = 100

/** A suite file's data, with the position of any path in it for error messages. */
export interface SuiteDocument {
    readonly data: unknown
    /** `line:column` (1-based) of the value at `path`, or of its nearest existing parent; undefined without a position. */
    locate(path: readonly (string | number)[]): string | undefined
}

export type SuiteFileFormat = 'yaml' | 'json'

/** JSON for `.json` files, YAML for `.yaml`/`.yml`; otherwise JSON when the text starts with `{`, else YAML. */
export const formatOf = (fileName: string, text: string): SuiteFileFormat => {
    if (/\.json$/i.test(fileName)) return 'json'
    if (/\.ya?ml$/i.test(fileName)) return 'yaml'
    return text.trimStart().startsWith('{') ? 'json' : 'yaml'
}

/**
 * Parses a suite file. Both formats go through the YAML 1.2 parser (JSON is its subset), which
 * gives every value a position and rejects duplicate keys — JSON.parse would silently keep the
 * last one. A JSON file must also be strict JSON, so a YAML-ism in a `.json` file is reported.
 * Throws {@link SuiteFormatError} with line and column for syntax errors.
 */
export const readDocument = (text: string, fileName: string): SuiteDocument => {
    const refuse = (message: string) => new SuiteFormatError(fileName, [{ where: '', message }])
    const bytes = Buffer.byteLength(text)
    if (bytes > MAX_SUITE_BYTES) throw refuse(`${bytes} bytes is over the ${MAX_SUITE_BYTES}-byte limit of a suite file; split it`)
    // Before parsing: a document nested 100,000 deep exhausts the YAML parser.
    if (bracketNestingOver(text)) throw refuse(`brackets are nested more than ${MAX_NESTING_DEPTH} deep; a suite needs a few levels`)
    const lineCounter = new LineCounter()
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
    const position = (offset: number) => {
        const { line, col } = lineCounter.linePos(offset)
        return `${line}:${col}`
    }
    if (doc.errors.length > 0) {
        throw new SuiteFormatError(
            fileName,
            doc.errors.map((e) => ({
                where: position(e.pos[0]),
                message: `syntax error: ${firstLine(e.message)}; fix the ${formatOf(fileName, text).toUpperCase()} syntax here`
            }))
        )
    }
    if (formatOf(fileName, text) === 'json') {
        try {
            JSON.parse(text)
        } catch (error) {
            throw new SuiteFormatError(fileName, [
                {
                    where: '',
                    message: `not valid JSON: ${(error as Error).message}; fix the JSON, or rename the file to .yaml if it is YAML`
                }
            ])
        }
    }
    let data: unknown
    try {
        data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES })
    } catch (error) {
        // The yaml library throws a ReferenceError when aliases expand beyond the count.
        throw refuse(`YAML aliases expand too much (${(error as Error).message}); use at most ${MAX_YAML_ALIASES} aliases`)
    }
    const depth = depthOver(data)
    if (depth !== undefined) throw refuse(`the document is nested more than ${MAX_NESTING_DEPTH} levels deep`)
    return { data, locate: (path) => locate(doc, path, position) }
}

const locate = (doc: Document, path: readonly (string | number)[], position: (offset: number) => string): string | undefined => {
    for (let length = path.length; length >= 0; length--) {
        const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined
        if (node && typeof node === 'object' && node.range) return position(node.range[0])
    }
    return undefined
}

const firstLine = (message: string) => message.split('\n')[0]
