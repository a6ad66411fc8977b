// A worker thread that parses suite files off Flowise's main thread: YAML parsing takes about
// 0.3 s for a 100 KB suite, too long for the host's event loop.
import { parentPort } from 'node:worker_threads'
import { parseSuite } from './parseSuite'
import { SuiteFormatError, type SuiteProblem } from './SuiteFormatError'

export interface ParseTask {
    readonly id: number
    readonly text: string
    readonly fileName: string
    readonly baseDir?: string
    readonly rootDir?: string
}

export type ParseAnswer =
    | { readonly id: number; readonly ok: true; readonly suite: ReturnType<typeof parseSuite> }
    | {
          readonly id: number
          readonly ok: false
          readonly format?: { readonly fileName: string; readonly problems: readonly SuiteProblem[] }
          readonly message: string
      }

parentPort?.on('message', ({ id, text, fileName, baseDir, rootDir }: ParseTask) => {
    let answer: ParseAnswer
    try {
        answer = { id, ok: true, suite: parseSuite(text, { fileName, baseDir, rootDir }) }
    } catch (error) {
        answer =
            error instanceof SuiteFormatError
                ? { id, ok: false, format: { fileName: error.fileName, problems: error.problems }, message: error.message }
                : { id, ok: false, message: (error as Error).message }
    }
    parentPort?.postMessage(answer)
})
