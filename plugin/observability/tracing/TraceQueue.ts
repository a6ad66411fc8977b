import type { TraceRecord, TracingBackend } from './types'

/** Limits of one backend's export queue. */
export interface TraceQueueLimits {
    /** Records held at most while waiting for export; more are dropped. */
    readonly maxQueued: number
    /** Records per export request. */
    readonly batchSize: number
    /** Longest wait before a partial batch is sent (ms). */
    readonly flushIntervalMs: number
    /** Time limit of one export request (ms); a slower one is aborted and its records dropped. */
    readonly exportTimeoutMs: number
}

export const DEFAULT_TRACE_QUEUE_LIMITS: TraceQueueLimits = {
    maxQueued: 2_000,
    batchSize: 100,
    flushIntervalMs: 1_000,
    exportTimeoutMs: 5_000
}

/** Counts what happened to records, for the tracing metrics. */
export interface TraceQueueCounters {
    readonly dropped: (backend: string, count: number) => void
    readonly exported: (backend: string, count: number) => void
}

/**
 * A bounded, batching export queue in front of one backend. `push` is O(1) and never waits:
 * exports run later, one request at a time, each with a time limit. When the backend is dead
 * or slow, records pile up to `maxQueued` and the rest are dropped and counted, so a tracing
 * outage costs a bounded amount of memory and never an error or a delay to a request.
 */
export class TraceQueue {
    private queued: TraceRecord[] = []
    private timer: NodeJS.Timeout | undefined
    /** Set while a full batch waits for the next turn of the event loop to be sent. */
    private immediate: NodeJS.Immediate | undefined
    private inFlight: Promise<void> | undefined
    private stopped = false

    constructor(
        private readonly backend: TracingBackend,
        private readonly limits: TraceQueueLimits,
        private readonly counters: TraceQueueCounters
    ) {}

    /** Records waiting for export. */
    get size(): number {
        return this.queued.length
    }

    push(record: TraceRecord): void {
        if (this.stopped || this.queued.length >= this.limits.maxQueued) {
            this.counters.dropped(this.backend.name, 1)
            return
        }
        this.queued.push(record)
        if (this.queued.length >= this.limits.batchSize) this.exportSoon()
        else this.timer ??= setTimeout(() => this.exportNext(), this.limits.flushIntervalMs).unref()
    }

    /** Exports what is queued, waiting at most `timeoutMs`; what is left then stays queued. */
    async flush(timeoutMs = this.limits.exportTimeoutMs): Promise<void> {
        const deadline = Date.now() + timeoutMs
        while ((this.queued.length > 0 || this.inFlight) && Date.now() < deadline) {
            const current = this.inFlight ?? this.startExport()
            if (!current) break
            await Promise.race([current, delay(deadline - Date.now())])
        }
    }

    /** Flushes within `timeoutMs`, then drops (and counts) whatever is left and refuses new records. */
    async shutdown(timeoutMs?: number): Promise<void> {
        await this.flush(timeoutMs)
        this.stopped = true
        clearTimeout(this.timer)
        clearImmediate(this.immediate)
        if (this.queued.length > 0) this.counters.dropped(this.backend.name, this.queued.splice(0).length)
    }

    /** Sends the next batch on the next turn of the event loop, never on the caller's. */
    private exportSoon(): void {
        if (this.inFlight || this.immediate) return
        this.immediate = setImmediate(() => {
            this.immediate = undefined
            this.exportNext()
        })
    }

    private exportNext(): void {
        if (!this.inFlight) this.startExport()
    }

    private startExport(): Promise<void> | undefined {
        clearTimeout(this.timer)
        this.timer = undefined
        const batch = this.queued.splice(0, this.limits.batchSize)
        if (batch.length === 0) return undefined
        const controller = new AbortController()
        const limit = setTimeout(() => controller.abort(new Error('trace export timed out')), this.limits.exportTimeoutMs).unref()
        const current = this.backend
            .send(batch, controller.signal)
            .then(
                ({ rejected }) => {
                    if (rejected > 0) this.counters.dropped(this.backend.name, rejected)
                    this.counters.exported(this.backend.name, batch.length - rejected)
                },
                () => this.counters.dropped(this.backend.name, batch.length)
            )
            .finally(() => {
                clearTimeout(limit)
                this.inFlight = undefined
                if (this.queued.length >= this.limits.batchSize) this.exportSoon()
                else if (this.queued.length > 0) this.timer ??= setTimeout(() => this.exportNext(), this.limits.flushIntervalMs).unref()
            })
        this.inFlight = current
        return current
    }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref())
