import { watch, type FSWatcher } from 'chokidar'

export interface CapabilityWatcherOptions {
    readonly dirs: readonly string[]
    /** Receives each coalesced batch of changed `.js` files; batches never overlap. */
    readonly onBatch: (files: string[]) => Promise<void>
    /** Quiet time after the last event before a batch is processed (ms). */
    readonly settleMs?: number
    /** Longest time an event waits in a burst that never goes quiet (ms). */
    readonly maxWaitMs?: number
    readonly onError?: (error: unknown) => void
}

/**
 * Watches node directories with chokidar and hands changed `.js` files to `onBatch` in
 * coalesced batches: an editor's save or a `git checkout` of a hundred files becomes one or a
 * few batches. A file is read when its batch runs, so the last state always wins.
 */
export class CapabilityWatcher {
    private watcher?: FSWatcher
    private readonly pending = new Set<string>()
    private timer?: NodeJS.Timeout
    private firstPendingAt = 0
    private running: Promise<void> = Promise.resolve()
    private readonly settleMs: number
    private readonly maxWaitMs: number

    constructor(private readonly options: CapabilityWatcherOptions) {
        this.settleMs = options.settleMs ?? 25
        this.maxWaitMs = options.maxWaitMs ?? 250
    }

    /** Starts watching; resolves when chokidar has scanned the directories. */
    start(): Promise<void> {
        this.watcher = watch([...this.options.dirs], {
            ignoreInitial: true,
            ignored: (file, stats) => stats?.isFile() === true && !file.endsWith('.js'),
            // Waits for a file's size to settle, so a half-written file is not loaded.
            awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 }
        })
        const queue = (file: string) => this.queue(file)
        this.watcher.on('add', queue).on('change', queue).on('unlink', queue)
        this.watcher.on('error', (error) => this.options.onError?.(error))
        return new Promise((resolve) => this.watcher!.once('ready', () => resolve()))
    }

    /** Stops watching and waits for the batch in progress. */
    async stop(): Promise<void> {
        clearTimeout(this.timer)
        await this.watcher?.close()
        await this.running
    }

    /** Resolves when every change seen so far has been processed. */
    async idle(): Promise<void> {
        while (this.pending.size > 0 || this.timer) {
            await new Promise((resolve) => setTimeout(resolve, this.settleMs))
        }
        await this.running
    }

    private queue(file: string): void {
        if (!file.endsWith('.js')) return
        if (this.pending.size === 0) this.firstPendingAt = Date.now()
        this.pending.add(file)
        clearTimeout(this.timer)
        const waited = Date.now() - this.firstPendingAt
        this.timer = setTimeout(() => this.flush(), Math.max(0, Math.min(this.settleMs, this.maxWaitMs - waited)))
    }

    private flush(): void {
        this.timer = undefined
        const files = [...this.pending].sort()
        this.pending.clear()
        this.running = this.running.then(() => this.options.onBatch(files)).catch((error) => this.options.onError?.(error))
    }
}
