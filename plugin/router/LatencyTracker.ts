/**
 * Latency the router itself observed per model: the median of the last `window` calls (ms).
 * The median is recomputed when a sample arrives, so a lookup on the request path is O(1).
 */
export class LatencyTracker {
    private readonly samples = new Map<string, number[]>()
    private readonly medians = new Map<string, number>()

    constructor(private readonly window = 32) {}

    /** Records one observed latency (ms) of `model`. */
    record(model: string, ms: number): void {
        if (!Number.isFinite(ms) || ms < 0) return
        const list = this.samples.get(model) ?? []
        list.push(ms)
        if (list.length > this.window) list.shift()
        this.samples.set(model, list)
        const sorted = [...list].sort((a, b) => a - b)
        const mid = sorted.length >> 1
        this.medians.set(model, sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2)
    }

    /** Median observed latency (ms) of `model`, or undefined before the first observation. */
    median(model: string): number | undefined {
        return this.medians.get(model)
    }

    /** Number of samples currently held for `model`. */
    count(model: string): number {
        return this.samples.get(model)?.length ?? 0
    }
}
