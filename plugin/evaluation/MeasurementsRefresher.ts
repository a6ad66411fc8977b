import type { ModelMeasurements } from '../router/ModelMeasurements'
import { loadMeasurements } from './loadMeasurements'
import type { EvaluationStore } from './store/EvaluationStore'

/**
 * Keeps the router's measurements in step with the evaluation database in a process that does
 * not run evaluations itself (a `flowise worker` in queue mode): reloaded at most every
 * `maxAgeMs`, one load at a time. A failed load is logged and the last measurements stay.
 */
export class MeasurementsRefresher {
    private store?: Promise<EvaluationStore>
    private loadedAt = -Infinity
    private loading?: Promise<void>

    constructor(
        private readonly open: () => Promise<EvaluationStore>,
        private readonly measurements: ModelMeasurements,
        /** Oldest acceptable measurements (ms). */
        private readonly maxAgeMs: number,
        private readonly log: { warn(message: string): void }
    ) {}

    /**
     * Brings the measurements up to date. Only the first call waits for the store; later, when
     * they are older than the maximum age, they are reloaded in the background, so no prediction
     * waits for the database.
     */
    refresh(): Promise<void> {
        if (Date.now() - this.loadedAt < this.maxAgeMs) return Promise.resolve()
        this.loading ??= this.load().finally(() => (this.loading = undefined))
        return this.loadedAt === -Infinity ? this.loading : Promise.resolve()
    }

    async close(): Promise<void> {
        await (await this.store?.catch(() => undefined))?.close()
    }

    private async load(): Promise<void> {
        try {
            this.store ??= this.open()
            await loadMeasurements(await this.store, this.measurements)
        } catch (error) {
            this.store = undefined
            this.log.warn(`[orquesta] could not read evaluation measurements: ${(error as Error).message}`)
        } finally {
            this.loadedAt = Date.now()
        }
    }
}
