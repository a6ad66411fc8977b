import type { CatalogDiff, CatalogEntry, LoadFailure, NodeCapability } from './types'

/** What a file holds after an update: a node entry, nothing (not a node, or deleted), or a failure. */
export type FileUpdate =
    | { readonly filePath: string; readonly kind: 'node'; readonly entry: CatalogEntry }
    | { readonly filePath: string; readonly kind: 'none' }
    | { readonly filePath: string; readonly kind: 'failed'; readonly message: string }

/** Filters of {@link CapabilityCatalog.query}; all given filters must match. */
export interface CatalogQuery {
    /** Case-insensitive text in name, label or description. */
    readonly text?: string
    readonly category?: string
    readonly capability?: NodeCapability
    /** A class the node or one of its outputs provides. */
    readonly baseClass?: string
}

/**
 * Every node the host can run, by name, with the files they come from. Updates are applied per
 * file and return what changed; a file that fails to load keeps its last good entry and is
 * listed among the failures until it loads again.
 */
export class CapabilityCatalog {
    private readonly byName = new Map<string, CatalogEntry>()
    private readonly nameByFile = new Map<string, string>()
    private readonly failures = new Map<string, LoadFailure>()

    constructor(private readonly now: () => Date = () => new Date()) {}

    get size(): number {
        return this.byName.size
    }

    entries(): CatalogEntry[] {
        return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    }

    get(name: string): CatalogEntry | undefined {
        return this.byName.get(name)
    }

    /** Files that failed to load, with their error. */
    loadFailures(): LoadFailure[] {
        return [...this.failures.values()]
    }

    /** Applies the new state of some files and reports what changed. */
    apply(updates: readonly FileUpdate[]): CatalogDiff {
        const added: string[] = []
        const changed: string[] = []
        const removed: string[] = []
        const failures: LoadFailure[] = []
        const recovered: string[] = []
        for (const update of updates) {
            if (update.kind === 'failed') {
                const failure = { filePath: update.filePath, message: update.message, at: this.now().toISOString() }
                this.failures.set(update.filePath, failure)
                failures.push(failure)
                continue
            }
            if (this.failures.delete(update.filePath)) recovered.push(update.filePath)
            const previousName = this.nameByFile.get(update.filePath)
            if (update.kind === 'none') {
                if (previousName !== undefined) {
                    this.nameByFile.delete(update.filePath)
                    if (this.byName.get(previousName)?.filePath === update.filePath) {
                        this.byName.delete(previousName)
                        removed.push(previousName)
                    }
                }
                continue
            }
            const { entry } = update
            if (previousName !== undefined && previousName !== entry.name && this.byName.get(previousName)?.filePath === update.filePath) {
                this.byName.delete(previousName)
                removed.push(previousName)
            }
            const existing = this.byName.get(entry.name)
            this.byName.set(entry.name, entry)
            this.nameByFile.set(update.filePath, entry.name)
            if (!existing) added.push(entry.name)
            else if (existing.hash !== entry.hash || existing.filePath !== entry.filePath) changed.push(entry.name)
        }
        // A node renamed in one batch (removed under one file, added under another) is a change.
        const moved = added.filter((name) => removed.includes(name))
        return {
            added: added.filter((name) => !moved.includes(name)),
            changed: [...changed, ...moved],
            removed: removed.filter((name) => !moved.includes(name) && !this.byName.has(name)),
            failures,
            recovered
        }
    }

    query(filters: CatalogQuery = {}): CatalogEntry[] {
        const text = filters.text?.toLowerCase()
        return this.entries().filter(
            (e) =>
                (!text ||
                    e.name.toLowerCase().includes(text) ||
                    e.label.toLowerCase().includes(text) ||
                    e.description.toLowerCase().includes(text)) &&
                (!filters.category || e.category === filters.category) &&
                (!filters.capability || e.capabilities.includes(filters.capability)) &&
                (!filters.baseClass ||
                    e.baseClasses.includes(filters.baseClass) ||
                    e.outputs.some((o) => o.baseClasses.includes(filters.baseClass!)))
        )
    }
}
