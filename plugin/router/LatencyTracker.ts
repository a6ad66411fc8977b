/**
 * Latency the router itself observed per model: the median of the last `window` successful calls
 * (ms). The median is recomputed when a sample arrives, so a lookup on the request path is O(1).
 *
 * Figures age: {@link estimate} moves from the observed median back to the model's prior as the
 * newest sample gets older (half-life `halfLifeMs`), and forgets it entirely (unknown, so admitted)
 * when the model has no prior. A model once excluded for being slow is therefore admitted again
 * after a while and measured anew: a latency limit can never lock a model out for good.
 */
export class LatencyTracker {
    private readonly samples = new Map<string, number[]>()
    private readonly medians = new Map<string, number>()
    private readonly lastAt = new Map<string, number>()

    constructor(
        private readonly window = 32,
        /** Time (ms) after which an observation counts half. */
        private readonly halfLifeMs = 30_000,
        private readonly now: () => number = () => performance.now()
    ) {}

    /** Records one observed latency (ms) of `model`. */
    record(model: string, ms: number): void {
        if (!Number.isFinite(ms) || ms < 0) return
        const list = this.samples.get(model) ?? []
        list.push(ms)
        if (list.length > this.window) list.shift()
        this.samples.set(model, list)
        this.lastAt.set(model, this.now())
        const sorted = [...list].sort((a, b) => a - b)
        const mid = sorted.length >> 1
        this.medians.set(model, sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2)
    }

    /** Median observed latency (ms) of `model`, or undefined before the first observation. */
    median(model: string): number | undefined {
        return this.medians.get(model)
    }

    /**
     * Expected latency (ms) of `model` for routing: the observed median, weighed against `priorMs`
     * by the age of the newest sample; undefined when nothing is known (or, without a prior, once
     * the observation is four half-lives old).
     */
    estimate(model: string, priorMs: number | undefined): number | undefined {
        const median = this.medians.get(model)
        if (median === undefined) return priorMs
        const age = this.now() - (this.lastAt.get(model) ?? 0)
        const weight = 0.5 ** (age / this.halfLifeMs)
        if (priorMs === undefined) return weight < 1 / 16 ? undefined : median
        return weight * median + (1 - weight) * priorMs
    }

    /** Number of samples currently held for `model`. */
    count(model: string): number {
        return this.samples.get(model)?.length ?? 0
    }
}
