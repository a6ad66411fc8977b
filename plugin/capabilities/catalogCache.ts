import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { CatalogEntry } from './types'

/** Bumped whenever the shape of entries or the derivation rules change: older caches are ignored. */
export const CATALOG_CACHE_VERSION = 2

/** What the cache knows about one file: its hash, and its node entry when it is one. */
export interface CachedFile {
    readonly hash: string
    readonly entry?: CatalogEntry
}

export type CachedFiles = Readonly<Record<string, CachedFile>>

interface CacheDocument {
    version: number
    files: CachedFiles
}

/** The catalog's disk cache: one JSON document, replaced atomically on every save. */
export class CatalogCache {
    constructor(readonly file: string) {}

    /** The cached files, or an empty set when the cache is missing, unreadable or of another version. */
    async load(): Promise<CachedFiles> {
        try {
            const document = JSON.parse(await fs.readFile(this.file, 'utf8')) as CacheDocument
            return document.version === CATALOG_CACHE_VERSION && document.files ? document.files : {}
        } catch {
            return {}
        }
    }

    async save(files: CachedFiles): Promise<void> {
        await fs.mkdir(path.dirname(this.file), { recursive: true })
        // Write then rename: a crash mid-write leaves the previous cache intact.
        const temporary = `${this.file}.${process.pid}.tmp`
        await fs.writeFile(temporary, JSON.stringify({ version: CATALOG_CACHE_VERSION, files } satisfies CacheDocument))
        await fs.rename(temporary, this.file)
    }
}
