import type { DecisionSummary } from './decisionSummary'

/** One routing decision made during a prediction. */
export interface LedgerEntry {
    /** When the call finished (ms since the epoch). */
    readonly at: number
    /** The Flowise node that routed it. */
    readonly nodeId?: string
    readonly summary: DecisionSummary
}

/** Bounds: chats remembered at once, decisions kept per chat, and how long an unclaimed one stays (ms). */
export interface LedgerLimits {
    readonly maxChats: number
    readonly maxPerChat: number
    readonly ttlMs: number
}

export const DEFAULT_LEDGER_LIMITS: LedgerLimits = { maxChats: 2_000, maxPerChat: 50, ttlMs: 10 * 60_000 }

/**
 * The routing decisions of predictions in flight, by Flowise chat id, until the prediction's
 * answer claims them (to show them beside the answer). Bounded in chats, entries and age, so that
 * decisions nobody claims (a worker's, an aborted request's) cannot pile up.
 */
export class DecisionLedger {
    private readonly chats = new Map<string, LedgerEntry[]>()

    constructor(
        private readonly limits: LedgerLimits = DEFAULT_LEDGER_LIMITS,
        private readonly now: () => number = Date.now
    ) {}

    add(chatId: string, entry: Omit<LedgerEntry, 'at'>): void {
        const at = this.now()
        const entries = (this.chats.get(chatId) ?? []).filter((e) => at - e.at < this.limits.ttlMs)
        entries.push({ ...entry, at })
        if (entries.length > this.limits.maxPerChat) entries.splice(0, entries.length - this.limits.maxPerChat)
        // Re-inserted last: the map's order is then oldest chat first, the one to drop.
        this.chats.delete(chatId)
        this.chats.set(chatId, entries)
        while (this.chats.size > this.limits.maxChats) this.chats.delete(this.chats.keys().next().value!)
    }

    /** Removes and returns the decisions of `chatId` made at or after `since` (ms since the epoch), oldest first. */
    take(chatId: string, since: number): LedgerEntry[] {
        const entries = this.chats.get(chatId)
        if (!entries) return []
        const taken = entries.filter((e) => e.at >= since && this.now() - e.at < this.limits.ttlMs)
        const left = entries.filter((e) => e.at < since && this.now() - e.at < this.limits.ttlMs)
        if (left.length) this.chats.set(chatId, left)
        else this.chats.delete(chatId)
        return taken
    }

    get size(): number {
        return this.chats.size
    }
}
