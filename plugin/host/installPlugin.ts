import { installOfflineTokenizerTables } from '../offline/tokenizerTables'
import { installFlowiseHooks } from './flowiseHooks'

/** Installs everything the preload adds to a Flowise process (loaded only inside Flowise). */
export const installPlugin = (): void => {
    installOfflineTokenizerTables()
    installFlowiseHooks()
}
