// A worker thread of the assertion sandbox pool: runs each task's code in QuickJS and posts the
// outcome back. Run off Flowise's main thread, so that assertion code can never stall the host;
// the pool terminates this thread when a task overruns its deadline or hits a limit.
import { parentPort, workerData } from 'node:worker_threads'
import { loadQuickJs, runInSandbox, setWasmMemoryCap, type SandboxLimits } from './quickJsSandbox'

export interface SandboxTask {
    readonly id: number
    readonly code: string
    readonly output: string
    readonly context: unknown
    readonly limits: SandboxLimits
}

/** What the pool gives a new thread. */
export interface SandboxWorkerData {
    /** The server's largest assertion heap (bytes). */
    readonly maxMemoryBytes: number
}

setWasmMemoryCap((workerData as SandboxWorkerData).maxMemoryBytes)
// Loaded before the first task is accepted, so that a task's deadline does not include it.
void loadQuickJs().then(
    () => parentPort?.postMessage({ ready: true }),
    (error: Error) => parentPort?.postMessage({ ready: false, error: error.message })
)

parentPort?.on('message', (task: SandboxTask) => {
    void runInSandbox(task.code, task.output, task.context, task.limits).then((outcome) =>
        parentPort?.postMessage({ id: task.id, outcome })
    )
})
