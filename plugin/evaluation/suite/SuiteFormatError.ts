/** One thing wrong with a suite file. */
export interface SuiteProblem {
    /** Where in the file: `line:column` when known, then the case, assertion and field, e.g. `12:9 case "bat-ball" (cases[0]) › assert[1] (regex) › pattern`. */
    readonly where: string
    /** What is wrong and how to fix it. */
    readonly message: string
}

/**
 * A suite file that cannot be used as written. The message names the file and, for every
 * problem, the case (id and index), the assertion (index and type) and the field, so the author
 * can fix all of them in one pass; nothing of the file is silently dropped or guessed.
 */
export class SuiteFormatError extends Error {
    constructor(
        readonly fileName: string,
        readonly problems: readonly SuiteProblem[]
    ) {
        const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
        const lines = problems.map((p) => `  - ${p.where ? `${fileName}:${p.where}: ` : `${fileName}: `}${p.message}`)
        super(`Invalid suite file ${fileName} (${count}):\n${lines.join('\n')}`)
        this.name = 'SuiteFormatError'
    }
}

/** A path into the file's data as written in messages: `cases[3].messages[0].role`. */
export const formatPath = (at: readonly (string | number)[]): string =>
    at.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('')
