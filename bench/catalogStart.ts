/**
 * One catalog start in a fresh process (cold when the cache file is absent, warm when present),
 * for `npm run bench`. Prints one JSON line: time, files, nodes, reused, heap held by the catalog.
 */
import path from 'node:path'
import { CapabilityService } from '../plugin/capabilities/CapabilityService'
import { CatalogCache } from '../plugin/capabilities/catalogCache'

const main = async () => {
    const cacheFile = process.argv[2]
    const components = path.join(path.dirname(require.resolve('flowise-components')), '..', 'nodes')
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const service = new CapabilityService({ dirs: [components], watchDirs: [], cache: new CatalogCache(cacheFile), env: {} })
    const stats = await service.start()
    gc?.()
    const heapAfter = process.memoryUsage().heapUsed
    const catalogJson = JSON.stringify(service.catalog.entries())
    console.log(
        JSON.stringify({
            ms: stats.ms,
            files: stats.files,
            reused: stats.reused,
            nodes: service.catalog.size,
            failures: service.catalog.loadFailures().length,
            heapDeltaBytes: heapAfter - heapBefore,
            catalogJsonBytes: catalogJson.length
        })
    )
}

main().catch((error) => {
    console.error(error)
    process.exit(1)
})
