/**
 * Entry point for `NODE_OPTIONS="--require <orquesta>/dist/plugin/host/preload.js" flowise start`
 * (or `flowise worker`). Runs before Flowise loads anything.
 */
import { installOfflineTokenizerTables } from '../offline/tokenizerTables'
import { installFlowiseHooks } from './flowiseHooks'

installOfflineTokenizerTables()
installFlowiseHooks()
