import os from 'node:os'
import path from 'node:path'
import { analyzeNodeFiles, listNodeFiles } from '../../plugin/capabilities/analyzeNodeFiles'
import { CapabilityCatalog } from '../../plugin/capabilities/CapabilityCatalog'
import { CatalogCache } from '../../plugin/capabilities/catalogCache'
import { PLUGIN_NODES_DIR } from '../../plugin/paths'

/** Flowise's own node directory in this install. */
export const COMPONENT_NODES_DIR = path.join(path.dirname(require.resolve('flowise-components')), '..', 'nodes')

let catalog: Promise<CapabilityCatalog> | undefined

/**
 * The capability catalog of every Flowise node and the plugin's, built once per test process
 * (with a disk cache shared by the test files of one run).
 */
export const realCatalog = (): Promise<CapabilityCatalog> =>
    (catalog ??= (async () => {
        const cache = new CatalogCache(path.join(os.tmpdir(), `orquesta-test-catalog-${process.ppid}.json`))
        const files = [...(await listNodeFiles(COMPONENT_NODES_DIR)), ...(await listNodeFiles(PLUGIN_NODES_DIR))]
        const analyzed = await analyzeNodeFiles(files, await cache.load(), {})
        await cache.save(analyzed.cache)
        const built = new CapabilityCatalog()
        built.apply(analyzed.updates)
        return built
    })())

/** The marketplace chatflows shipped with the flowise package. */
export const MARKETPLACE_DIR = path.join(path.dirname(require.resolve('flowise/package.json')), 'marketplaces', 'chatflows')

/** The Agentflow v1 (multi-agent) marketplace templates. */
export const MARKETPLACE_AGENTFLOWS_DIR = path.join(MARKETPLACE_DIR, '..', 'agentflows')

/** The Agentflow v2 marketplace templates. */
export const MARKETPLACE_AGENTFLOWS_V2_DIR = path.join(MARKETPLACE_DIR, '..', 'agentflowsv2')

/** Flows exported by Flowise users from public repositories (read in place, never copied: see its INDEX.md). */
export const CORPUS_FLOWS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'flows')
