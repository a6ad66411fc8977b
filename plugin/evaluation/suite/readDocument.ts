import { LineCounter, parseDocument, type Document } from 'yaml'
import { SuiteFormatError } from './SuiteFormatError'

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
    return { data: doc.toJS({ maxAliasCount: 100 }) as unknown, locate: (path) => locate(doc, path, position) }
}

const locate = (doc: Document, path: readonly (string | number)[], position: (offset: number) => string): string | undefined => {
    for (let length = path.length; length >= 0; length--) {
        const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined
        if (node && typeof node === 'object' && node.range) return position(node.range[0])
    }
    return undefined
}

const firstLine = (message: string) => message.split('\n')[0]
