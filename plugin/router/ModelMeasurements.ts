import type { ModelProfile, TaskCategory } from './types'

/** What the latest completed evaluation measured for one model. */
export interface ModelMeasurement {
    /** Mean score in [0, 1] per category; `general` is the overall score. */
    readonly quality: Readonly<Partial<Record<TaskCategory, number>>>
    /** Median latency of the evaluation's calls (ms). */
    readonly latencyMs?: number
    /** The run it comes from. */
    readonly runId: string
    /** When that run finished (ms since the epoch). */
    readonly at: number
}

/**
 * The measured quality and latency of each model, which replace the config's priors (`model_info`)
 * in the router: a category the evaluation measured uses the measurement; the others keep their
 * prior until they are measured.
 */
export class ModelMeasurements {
    private readonly byModel = new Map<string, ModelMeasurement>()

    set(model: string, measurement: ModelMeasurement): void {
        this.byModel.set(model, measurement)
    }

    get(model: string): ModelMeasurement | undefined {
        return this.byModel.get(model)
    }

    /** Every model's measurement, by model name. */
    all(): ReadonlyMap<string, ModelMeasurement> {
        return this.byModel
    }

    /** `profile` with its measured quality and latency in place of the priors. */
    apply(profile: ModelProfile): ModelProfile {
        const measured = this.byModel.get(profile.name)
        if (!measured) return profile
        return {
            ...profile,
            quality: { ...profile.quality, ...measured.quality },
            priorLatencyMs: measured.latencyMs ?? profile.priorLatencyMs,
            measuredBy: measured.runId
        }
    }
}
