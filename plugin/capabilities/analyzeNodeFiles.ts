import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { FileUpdate } from './CapabilityCatalog'
import type { CachedFile, CachedFiles } from './catalogCache'
import { hostLoads } from './hostFilters'
import { hashFile, loadNodeFile } from './loadNodeFile'

/** Every `.js` file under `dir`, recursively, sorted. */
export const listNodeFiles = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true })
    const nested = await Promise.all(
        entries.map(async (entry) => {
            const full = path.join(dir, entry.name)
            if (entry.isDirectory()) return listNodeFiles(full)
            return entry.isFile() && entry.name.endsWith('.js') ? [full] : []
        })
    )
    return nested.flat().sort()
}

export interface AnalyzedFiles {
    readonly updates: FileUpdate[]
    /** What to cache for these files (failures are not cached, so they are tried again). */
    readonly cache: Record<string, CachedFile>
    /** Files whose cached analysis was reused because their hash had not changed. */
    readonly reused: number
}

/**
 * Analyzes one file: its node entry if the host would load it, nothing if not, or its failure.
 * `reload` reads the file again even if Node has it cached (for files that changed).
 */
export const analyzeNodeFile = async (
    filePath: string,
    reload: boolean,
    env: NodeJS.ProcessEnv = process.env
): Promise<{ update: FileUpdate; cached?: CachedFile }> => {
    const result = await loadNodeFile(filePath, reload)
    if (result.kind === 'failed') return { update: { filePath, kind: 'failed', message: result.message } }
    if (result.kind === 'not-a-node') return { update: { filePath, kind: 'none' }, cached: { hash: result.hash } }
    const update: FileUpdate = hostLoads(result.entry, env) ? { filePath, kind: 'node', entry: result.entry } : { filePath, kind: 'none' }
    return { update, cached: { hash: result.entry.hash, entry: result.entry } }
}

/**
 * Analyzes files, reusing the cached analysis of every file whose content hash is unchanged
 * (a warm start reads and hashes files but loads none of them).
 */
export const analyzeNodeFiles = async (
    files: readonly string[],
    cached: CachedFiles,
    env: NodeJS.ProcessEnv = process.env
): Promise<AnalyzedFiles> => {
    const updates: FileUpdate[] = []
    const cache: Record<string, CachedFile> = {}
    let reused = 0
    for (const filePath of files) {
        const known = cached[filePath]
        if (known) {
            const hash = await hashFile(filePath).catch(() => undefined)
            if (hash === known.hash) {
                reused++
                cache[filePath] = known
                updates.push(
                    known.entry && hostLoads(known.entry, env) ? { filePath, kind: 'node', entry: known.entry } : { filePath, kind: 'none' }
                )
                continue
            }
        }
        const { update, cached: fresh } = await analyzeNodeFile(filePath, false, env)
        updates.push(update)
        if (fresh) cache[filePath] = fresh
    }
    return { updates, cache, reused }
}
