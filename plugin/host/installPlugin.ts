import path from 'node:path'
import { installOfflineTokenizerTables } from '../offline/tokenizerTables'
import { installFlowiseHooks } from './flowiseHooks'
import { hostNodesDirOf, installSharedResolution } from './sharedResolution'

/** The package root (this file is compiled to dist/plugin/host). */
const PLUGIN_ROOT = path.resolve(__dirname, '..', '..', '..')

/** Installs everything the preload adds to a Flowise process (loaded only inside Flowise). */
export const installPlugin = (): void => {
    const hostNodesDir = hostNodesDirOf(process.argv[1])
    if (hostNodesDir) installSharedResolution(PLUGIN_ROOT, hostNodesDir)
    else console.warn("[orquesta] flowise-components not found next to this Flowise: the plugin's nodes use the copies they resolve")
    installOfflineTokenizerTables()
    installFlowiseHooks()
}
