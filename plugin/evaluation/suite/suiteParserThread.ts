import path from 'node:path'
import { Worker } from 'node:worker_threads'
import pLimit from 'p-limit'
import type { ParsedSuite } from './parseSuite'
import { SuiteFormatError } from './SuiteFormatError'
import type { ParseAnswer, ParseTask } from './suiteParserWorker'

/** Longest a suite may take to parse (ms): a 2 MiB file takes a few seconds. */
const PARSE_TIMEOUT_MS = 30_000
/** The thread is ended after this long without work (ms). */
const IDLE_MS = 30_000
/** V8 heap of the thread (MiB): a 2 MiB suite's documents, several times over. */
const HEAP_MB = 256

const WORKER_FILE = path.join(__dirname, 'suiteParserWorker.js')

let worker: Worker | undefined
let idle: NodeJS.Timeout | undefined
let nextId = 1
const oneAtATime = pLimit(1)

const retire = () => {
    clearTimeout(idle)
    const ending = worker
    worker = undefined
    void ending?.terminate()
}

const parseOn = (thread: Worker, task: ParseTask): Promise<ParsedSuite> =>
    new Promise<ParsedSuite>((resolve, reject) => {
        const done = () => {
            clearTimeout(timer)
            thread.off('message', onMessage).off('error', onError).off('exit', onExit)
        }
        const onMessage = (answer: ParseAnswer) => {
            if (answer.id !== task.id) return
            done()
            if (answer.ok) resolve(answer.suite)
            else reject(answer.format ? new SuiteFormatError(answer.format.fileName, answer.format.problems) : new Error(answer.message))
        }
        const fail = (message: string) => {
            done()
            retire()
            reject(new SuiteFormatError(task.fileName, [{ where: '', message }]))
        }
        const onError = (error: Error & { code?: string }) =>
            fail(
                error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                    ? `the suite needs more than ${HEAP_MB} MiB to parse; split it`
                    : `the parser failed: ${error.message}`
            )
        const onExit = (code: number) => fail(`the parser stopped (code ${code})`)
        const timer = setTimeout(() => fail(`the suite took more than ${PARSE_TIMEOUT_MS} ms to parse; split it`), PARSE_TIMEOUT_MS)
        thread.on('message', onMessage).on('error', onError).on('exit', onExit)
        thread.postMessage(task)
    })

/**
 * Parses a suite ({@link parseSuite}) on a worker thread, one at a time, so that a large or
 * hostile suite (its Nunjucks templates included) never stalls the host's event loop; the same
 * results and SuiteFormatErrors. `baseDir` allows `file://` references within that directory.
 */
export const parseSuiteOffThread = (text: string, fileName: string, baseDir?: string, rootDir?: string): Promise<ParsedSuite> =>
    oneAtATime(async () => {
        clearTimeout(idle)
        if (!worker) {
            // The server's environment: suite checks depend on its caps (ORQUESTA_JS_ASSERT_MAX_*).
            worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } })
            worker.unref()
            worker.on('error', () => undefined)
        }
        try {
            return await parseOn(worker, { id: nextId++, text, fileName, baseDir, rootDir })
        } finally {
            if (worker) idle = setTimeout(retire, IDLE_MS).unref()
        }
    })
