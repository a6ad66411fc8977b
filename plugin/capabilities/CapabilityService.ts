import { EventEmitter } from 'node:events'
import { promises as fs } from 'node:fs'
import { analyzeNodeFile, analyzeNodeFiles, listNodeFiles } from './analyzeNodeFiles'
import { CapabilityCatalog, type FileUpdate } from './CapabilityCatalog'
import type { CachedFile, CatalogCache } from './catalogCache'
import { CapabilityWatcher } from './CapabilityWatcher'
import type { CatalogDiff } from './types'

/** One catalog update as listeners receive it. */
export interface CatalogUpdate {
    readonly diff: CatalogDiff
    /** Files of this update. */
    readonly files: readonly string[]
    /** Time spent analyzing the batch and updating the host (ms). */
    readonly processingMs: number
    /** ISO time of the update. */
    readonly at: string
}

/** The host side of hot reload: make changed node files runnable, forget removed nodes. */
export interface NodeRegistry {
    refresh(files: readonly string[]): Promise<void>
    remove(names: readonly string[]): void
}

export interface CapabilityServiceOptions {
    /** Directories analyzed at start (Flowise's components, the plugin's nodes, extra ones). */
    readonly dirs: readonly string[]
    /** The subset of `dirs` watched for changes. */
    readonly watchDirs: readonly string[]
    readonly cache: CatalogCache
    readonly registry?: NodeRegistry
    readonly log?: { info(message: string): void; warn(message: string): void }
    readonly env?: NodeJS.ProcessEnv
}

const hasChanges = (diff: CatalogDiff) =>
    diff.added.length + diff.changed.length + diff.removed.length + diff.failures.length + diff.recovered.length > 0

/**
 * Keeps the {@link CapabilityCatalog} in step with the node files: a start from the disk cache
 * (only files whose hash changed are loaded again), then chokidar updates that re-analyze only
 * the changed files, save the cache, make the host run the new code, and emit one `update`.
 */
export class CapabilityService extends EventEmitter<{ update: [CatalogUpdate] }> {
    readonly catalog = new CapabilityCatalog()
    private readonly cached: Record<string, CachedFile> = {}
    private watcher?: CapabilityWatcher
    private readonly env: NodeJS.ProcessEnv

    constructor(private readonly options: CapabilityServiceOptions) {
        super()
        this.env = options.env ?? process.env
    }

    /** Builds the catalog (warm from the cache when possible) and starts watching. */
    async start(): Promise<{ files: number; reused: number; ms: number }> {
        const started = performance.now()
        const files = (await Promise.all(this.options.dirs.map((dir) => listNodeFiles(dir).catch(() => [])))).flat()
        const analyzed = await analyzeNodeFiles(files, await this.options.cache.load(), this.env)
        Object.assign(this.cached, analyzed.cache)
        const diff = this.catalog.apply(analyzed.updates)
        for (const failure of diff.failures)
            this.options.log?.warn(`[orquesta] node file failed to load: ${failure.filePath}: ${failure.message}`)
        await this.options.cache.save(this.cached)
        if (this.options.watchDirs.length > 0) {
            this.watcher = new CapabilityWatcher({
                dirs: this.options.watchDirs,
                onBatch: async (changed) => {
                    await this.applyFiles(changed)
                },
                onError: (error) => this.options.log?.warn(`[orquesta] capability watcher: ${(error as Error).message}`)
            })
            await this.watcher.start()
        }
        return { files: files.length, reused: analyzed.reused, ms: performance.now() - started }
    }

    async stop(): Promise<void> {
        await this.watcher?.stop()
    }

    /** Resolves once every file change seen so far is in the catalog. */
    async idle(): Promise<void> {
        await this.watcher?.idle()
    }

    /** Re-analyzes these files (deleted ones leave the catalog) and publishes the update. */
    async applyFiles(files: readonly string[]): Promise<CatalogUpdate | undefined> {
        const batchStarted = performance.now()
        const updates: FileUpdate[] = []
        for (const filePath of files) {
            const exists = await fs.stat(filePath).then(
                (s) => s.isFile(),
                () => false
            )
            if (!exists) {
                delete this.cached[filePath]
                updates.push({ filePath, kind: 'none' })
                continue
            }
            const { update, cached } = await analyzeNodeFile(filePath, true, this.env)
            if (cached) this.cached[filePath] = cached
            updates.push(update)
        }
        const diff = this.catalog.apply(updates)
        if (!hasChanges(diff)) return undefined
        for (const failure of diff.failures)
            this.options.log?.warn(`[orquesta] node file failed to load: ${failure.filePath}: ${failure.message}`)
        const runnable = updates.filter((u) => u.kind === 'node').map((u) => u.filePath)
        if (this.options.registry) {
            if (runnable.length > 0) await this.options.registry.refresh(runnable)
            if (diff.removed.length > 0) this.options.registry.remove(diff.removed)
        }
        await this.options.cache.save(this.cached)
        const update: CatalogUpdate = { diff, files, processingMs: performance.now() - batchStarted, at: new Date().toISOString() }
        this.options.log?.info(
            `[orquesta] capabilities updated: +${diff.added.length} ~${diff.changed.length} -${diff.removed.length}, ${diff.failures.length} failed`
        )
        this.emit('update', update)
        return update
    }
}
