/**
 * The package's entry (`require('flowise-orquesta')`): where its parts are, for scripts and
 * deployment tooling. Flowise loads the plugin through `flowise-orquesta/preload`, not here.
 */
import path from 'node:path'

export { SUPPORTED_FLOWISE_LINES, checkFlowiseVersion } from './host/flowiseVersion'
export { PLUGIN_CREDENTIALS_DIR, PLUGIN_NODES_DIR } from './paths'
export { PLUGIN_VERSION } from './version'

/** The preload for `NODE_OPTIONS="--require …"`. */
export const PRELOAD = path.join(__dirname, 'host', 'preload.js')
