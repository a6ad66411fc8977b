import path from 'node:path'
import { hostNodesDirOf, installSharedResolution } from './sharedResolution'

/** The package root (this file is compiled to dist/plugin/host). */
const PLUGIN_ROOT = path.resolve(__dirname, '..', '..', '..')

/** Installs everything the preload adds to a Flowise process (loaded only inside Flowise). */
export const installPlugin = (): void => {
    const hostNodesDir = hostNodesDirOf(process.argv[1])
    if (hostNodesDir) installSharedResolution(PLUGIN_ROOT, hostNodesDir)
    else console.warn("[orquesta] flowise-components not found next to this Flowise: the plugin's nodes use the copies they resolve")
    // Required only now, not imported above: an import runs before this function, and the hooks'
    // modules (the runtime, the router, the routes) would load their shared packages before the
    // resolution is in place, a second copy of `@langchain/core` among them.
    /* eslint-disable @typescript-eslint/no-require-imports */
    ;(require('../offline/tokenizerTables') as typeof import('../offline/tokenizerTables')).installOfflineTokenizerTables()
    ;(require('./flowiseHooks') as typeof import('./flowiseHooks')).installFlowiseHooks()
    /* eslint-enable @typescript-eslint/no-require-imports */
}
