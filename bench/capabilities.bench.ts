import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CapabilityService } from '../plugin/capabilities/CapabilityService'
import { CatalogCache } from '../plugin/capabilities/catalogCache'
import { nodeSource } from '../test/support/nodeFiles'
import { median, quantile } from './stats'

/** Time (ms) from writing a node file to the catalog's `update` event, over `changes` edits. */
export const watchLatency = async (changes: number): Promise<{ p50: number; p95: number; n: number }> => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-bench-nodes-'))
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-bench-cache-'))
    const file = path.join(dir, 'BenchNode.js')
    writeFileSync(file, nodeSource({ name: 'benchNode', label: 'v0' }))
    const service = new CapabilityService({ dirs: [dir], watchDirs: [dir], cache: new CatalogCache(path.join(cacheDir, 'c.json')) })
    await service.start()
    const latencies: number[] = []
    try {
        for (let i = 1; i <= changes; i++) {
            const updated = new Promise<void>((resolve) => service.once('update', () => resolve()))
            const started = performance.now()
            writeFileSync(file, nodeSource({ name: 'benchNode', label: `v${i}` }))
            await updated
            latencies.push(performance.now() - started)
        }
    } finally {
        await service.stop()
        rmSync(dir, { recursive: true, force: true })
        rmSync(cacheDir, { recursive: true, force: true })
    }
    return { p50: median(latencies), p95: quantile(latencies, 0.95), n: latencies.length }
}

export interface StartFigures {
    ms: number
    files: number
    reused: number
    nodes: number
    failures: number
    heapDeltaBytes: number
    catalogJsonBytes: number
}

/** Cold then warm catalog starts over every flowise-components node, each in a fresh process. */
export const coldAndWarmStart = (runs: number): { cold: StartFigures[]; warm: StartFigures[] } => {
    const script = path.join(__dirname, 'catalogStart.js')
    const start = (cacheFile: string) =>
        JSON.parse(
            execFileSync(process.execPath, ['--expose-gc', script, cacheFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
                .trim()
                .split('\n')
                .pop()!
        ) as StartFigures
    const cold: StartFigures[] = []
    const warm: StartFigures[] = []
    for (let i = 0; i < runs; i++) {
        const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-bench-catalog-'))
        const cacheFile = path.join(cacheDir, 'capabilities.json')
        cold.push(start(cacheFile))
        warm.push(start(cacheFile))
        rmSync(cacheDir, { recursive: true, force: true })
    }
    return { cold, warm }
}
