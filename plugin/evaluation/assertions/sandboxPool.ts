import path from 'node:path'
import { Worker } from 'node:worker_threads'
import pLimit from 'p-limit'
import type { SandboxLimits, SandboxOutcome } from './quickJsSandbox'
import { sandboxSettings } from './sandboxSettings'
import type { SandboxTask, SandboxWorkerData } from './sandboxWorker'

/** Beyond a task's own time limit, how long its thread may take to answer before it is terminated (ms). */
const DEADLINE_GRACE_MS = 250
/** How long a new thread may take to start and load QuickJS (ms). */
const STARTUP_TIMEOUT_MS = 10_000
/** An idle thread is ended after this (ms), so that its memory goes back to the system. */
const IDLE_MS = 30_000
/** V8 heap of one thread beyond the QuickJS heap (MiB): the messages and QuickJS's own bookkeeping. */
const THREAD_HEAP_MARGIN_MB = 32

const WORKER_FILE = path.join(__dirname, 'sandboxWorker.js')

interface Slot {
    worker?: Worker
    /** Resolves when the thread has loaded QuickJS; rejects when it could not. */
    ready?: Promise<void>
    idle?: NodeJS.Timeout
}

/**
 * Runs assertion code on worker threads, at most `size` at once (others wait in line), never on
 * the host's main thread. Each thread has V8 resource limits; a task that overruns its deadline
 * has its thread terminated, and a thread whose task hit a limit is replaced, so the memory the
 * code took is released. Threads are unreferenced: they never keep the process alive.
 */
export class SandboxPool {
    private readonly slots: Slot[]
    private readonly free: Slot[]
    private readonly limit: ReturnType<typeof pLimit>
    private nextId = 1

    /** `size` threads at most, each allowed `maxMemoryBytes` of QuickJS heap (the server's cap). */
    constructor(
        size: number,
        private readonly maxMemoryBytes: number
    ) {
        this.slots = Array.from({ length: Math.max(1, size) }, () => ({}))
        this.free = [...this.slots]
        this.limit = pLimit(this.slots.length)
    }

    /** Threads alive now (for tests and metrics). */
    get threads(): number {
        return this.slots.filter((slot) => slot.worker).length
    }

    run(code: string, output: string, context: unknown, limits: SandboxLimits): Promise<SandboxOutcome> {
        return this.limit(async () => {
            const slot = this.free.pop()!
            try {
                return await this.runOn(slot, { id: this.nextId++, code, output, context, limits })
            } finally {
                this.free.push(slot)
            }
        })
    }

    /** Ends every thread. */
    async close(): Promise<void> {
        await Promise.all(this.slots.map((slot) => this.retire(slot)))
    }

    private async runOn(slot: Slot, task: SandboxTask): Promise<SandboxOutcome> {
        clearTimeout(slot.idle)
        if (!slot.worker) this.spawn(slot)
        const worker = slot.worker!
        try {
            await slot.ready
        } catch (error) {
            await this.retire(slot)
            return { ok: false, error: `the sandbox thread did not start: ${(error as Error).message}` }
        }
        return new Promise<SandboxOutcome>((resolve) => {
            const finish = (outcome: SandboxOutcome, recycle: boolean) => {
                clearTimeout(deadline)
                worker.off('message', onMessage).off('error', onError).off('exit', onExit)
                if (recycle) void this.retire(slot)
                else slot.idle = setTimeout(() => void this.retire(slot), IDLE_MS).unref()
                resolve(outcome)
            }
            const onMessage = (message: { id: number; outcome: SandboxOutcome }) => {
                if (message.id === task.id) finish(message.outcome, !message.outcome.ok && message.outcome.limitHit === true)
            }
            const onError = (error: Error & { code?: string }) =>
                finish(
                    {
                        ok: false,
                        limitHit: true,
                        error:
                            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                                ? `exceeded the sandbox memory limit of ${task.limits.memoryBytes} bytes`
                                : `the sandbox thread failed: ${error.message}`
                    },
                    true
                )
            const onExit = (code: number) => finish({ ok: false, limitHit: true, error: `the sandbox thread exited (code ${code})` }, true)
            const deadline = setTimeout(
                () => finish({ ok: false, limitHit: true, error: `timed out after ${task.limits.timeoutMs} ms (thread terminated)` }, true),
                task.limits.timeoutMs + DEADLINE_GRACE_MS
            )
            worker.on('message', onMessage).on('error', onError).on('exit', onExit)
            worker.postMessage(task)
        })
    }

    private spawn(slot: Slot): void {
        const worker = new Worker(WORKER_FILE, {
            workerData: { maxMemoryBytes: this.maxMemoryBytes } satisfies SandboxWorkerData,
            resourceLimits: {
                maxOldGenerationSizeMb: Math.ceil(this.maxMemoryBytes / (1024 * 1024)) + THREAD_HEAP_MARGIN_MB,
                maxYoungGenerationSizeMb: 16,
                stackSizeMb: 4
            },
            // The thread sees none of the host's environment variables (secrets).
            env: {}
        })
        worker.unref()
        // A thread failing while idle must not become an uncaught 'error' on the host's thread.
        worker.on('error', () => undefined)
        slot.worker = worker
        slot.ready = new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no answer within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS)
            const settle = (error?: Error) => {
                clearTimeout(timer)
                worker.off('message', onMessage).off('error', settle).off('exit', onExit)
                if (error) reject(error)
                else resolve()
            }
            const onMessage = (message: { ready?: boolean; error?: string }) => {
                if (message.ready === true) settle()
                else if (message.ready === false) settle(new Error(`QuickJS failed to load: ${message.error}`))
            }
            const onExit = (code: number) => settle(new Error(`the thread exited (code ${code})`))
            worker.on('message', onMessage).on('error', settle).on('exit', onExit)
        })
        // Observed by runOn; a thread that fails while idle is simply replaced at the next task.
        slot.ready.catch(() => undefined)
    }

    private async retire(slot: Slot): Promise<void> {
        clearTimeout(slot.idle)
        const worker = slot.worker
        slot.worker = undefined
        slot.ready = undefined
        await worker?.terminate()
    }
}

let shared: SandboxPool | undefined

/** The process's pool, created on first use with the server's settings. */
export const sharedSandboxPool = (): SandboxPool => {
    if (!shared) {
        const { workers, maxMemoryBytes } = sandboxSettings()
        shared = new SandboxPool(workers, maxMemoryBytes)
    }
    return shared
}
