import type { RouterCallEvent } from './routingRecord'

/** How many recent routing decisions a process keeps (the page shows their summary). */
export const ROUTING_LOG_SIZE = 500

/** One routing decision as kept: no prompt, no answer, no identity. */
export interface RoutingEntry {
    /** ms since the epoch. */
    readonly at: number
    readonly strategy: string
    readonly model?: string
    readonly outcome: RouterCallEvent['outcome']
    readonly durationMs: number
    readonly costUsd?: number
    readonly fallbacks: readonly string[]
    readonly exclusions: readonly string[]
}

export interface RoutingSummary {
    readonly calls: number
    /** Since when (ms since the epoch); undefined without calls. */
    readonly since?: number
    /** Calls and share of the successful calls per chosen model, most chosen first. */
    readonly models: readonly { readonly model: string; readonly calls: number; readonly share: number; readonly costUsd: number }[]
    readonly outcomes: Readonly<Record<RouterCallEvent['outcome'], number>>
    /** Calls that needed at least one fallback, and how often each model failed before another answered. */
    readonly fallbackCalls: number
    readonly fallbacksByModel: Readonly<Record<string, number>>
    /** How often each exclusion reason left a candidate out. */
    readonly exclusions: Readonly<Record<string, number>>
    readonly costUsd: number
    /** The latest decisions, newest first. */
    readonly recent: readonly RoutingEntry[]
}

const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1)

/**
 * The router's recent decisions in this process, in a fixed-size ring (a queue-mode worker keeps
 * its own: the page of the main server shows the main server's decisions).
 */
export class RoutingLog {
    private readonly entries: RoutingEntry[] = []
    private next = 0

    constructor(
        private readonly size = ROUTING_LOG_SIZE,
        private readonly clock: () => number = Date.now
    ) {}

    record(event: RouterCallEvent): void {
        const entry: RoutingEntry = {
            at: this.clock(),
            strategy: event.strategy,
            model: event.model,
            outcome: event.outcome,
            durationMs: event.durationMs,
            costUsd: event.costUsd,
            fallbacks: event.fallbacks,
            exclusions: event.exclusions
        }
        if (this.entries.length < this.size) this.entries.push(entry)
        else this.entries[this.next] = entry
        this.next = (this.next + 1) % this.size
    }

    /** Newest first. */
    recent(): RoutingEntry[] {
        return [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)].reverse()
    }

    summary(recentShown = 20): RoutingSummary {
        const entries = this.recent()
        const perModel = new Map<string, { calls: number; costUsd: number }>()
        const outcomes = { ok: 0, error: 0, 'no-candidate': 0 }
        const fallbacksByModel: Record<string, number> = {}
        const exclusions: Record<string, number> = {}
        let fallbackCalls = 0
        let costUsd = 0
        for (const entry of entries) {
            outcomes[entry.outcome]++
            costUsd += entry.costUsd ?? 0
            if (entry.fallbacks.length > 0) fallbackCalls++
            for (const model of entry.fallbacks) count(fallbacksByModel, model)
            for (const reason of entry.exclusions) count(exclusions, reason)
            if (entry.outcome === 'ok' && entry.model) {
                const own = perModel.get(entry.model) ?? { calls: 0, costUsd: 0 }
                own.calls++
                own.costUsd += entry.costUsd ?? 0
                perModel.set(entry.model, own)
            }
        }
        const models = [...perModel.entries()]
            .map(([model, own]) => ({ model, calls: own.calls, share: outcomes.ok ? own.calls / outcomes.ok : 0, costUsd: own.costUsd }))
            .sort((a, b) => b.calls - a.calls || (a.model < b.model ? -1 : 1))
        return {
            calls: entries.length,
            since: entries.at(-1)?.at,
            models,
            outcomes,
            fallbackCalls,
            fallbacksByModel,
            exclusions,
            costUsd,
            recent: entries.slice(0, recentShown)
        }
    }
}
