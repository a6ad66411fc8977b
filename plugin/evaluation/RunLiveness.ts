import type { EvaluationStore } from './store/EvaluationStore'

/** How often this process proves its runs are alive and looks for dead ones (ms). */
export const LIVENESS_INTERVAL_MS = 10_000
/**
 * A `running` run whose heartbeat is older than this (ms) belonged to a process that died: three
 * missed heartbeats. With the interval, a dead run is marked incomplete within 40 s.
 */
export const STALE_AFTER_MS = 30_000

export interface RunLivenessOptions {
    readonly store: EvaluationStore
    /** The ids of the runs this process holds (executing or queued): they get a heartbeat, never a stale mark. */
    readonly liveRuns: () => readonly string[]
    readonly log: { warn(message: string): void }
    readonly intervalMs?: number
    readonly staleAfterMs?: number
    readonly clock?: () => number
}

/**
 * While the server runs: heartbeats every run this process holds (a run waiting in the queue
 * too, which would otherwise look dead), and marks `running` runs of any process whose heartbeat
 * went stale as incomplete, so that a run whose process was killed becomes resumable within
 * about a minute, whether or not that process restarted. Every replica sweeps; marking is
 * idempotent.
 */
export class RunLiveness {
    private timer?: NodeJS.Timeout
    private sweeping?: Promise<void>

    constructor(private readonly options: RunLivenessOptions) {}

    /** Sweeps once now, then every interval. */
    async start(): Promise<void> {
        await this.sweep()
        this.timer = setInterval(() => void this.sweep(), this.options.intervalMs ?? LIVENESS_INTERVAL_MS)
        this.timer.unref()
    }

    async stop(): Promise<void> {
        clearInterval(this.timer)
        this.timer = undefined
        await this.sweeping
    }

    /** One heartbeat of the live runs and one sweep of the stale ones; failures are logged, never thrown. */
    sweep(): Promise<void> {
        // One sweep at a time: a slow database must not pile up overlapping sweeps.
        this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined))
        return this.sweeping
    }

    private async sweepOnce(): Promise<void> {
        const { store, log } = this.options
        const now = (this.options.clock ?? Date.now)()
        try {
            for (const id of this.options.liveRuns()) await store.heartbeat(id, now)
            const abandoned = await store.markAbandonedRuns(now - (this.options.staleAfterMs ?? STALE_AFTER_MS), now)
            if (abandoned.length > 0)
                log.warn(`[orquesta] evaluation runs left incomplete by a stopped process (resume them): ${abandoned.join(', ')}`)
        } catch (error) {
            log.warn(`[orquesta] evaluation: checking run heartbeats failed: ${(error as Error).message}`)
        }
    }
}
