import { promises as fs } from 'node:fs'
import type { PluginConfig } from './config'
import type { HostLogger } from './host/HostContext'

/**
 * Creates the user's node folders (first start) and says where they are: a node file dropped
 * there appears in Flowise's palette without a restart. A folder that cannot be created is
 * logged and left out; the rest of the plugin starts.
 */
export const ensureNodeDirs = async (config: PluginConfig, logger: HostLogger): Promise<readonly string[]> => {
    const usable: string[] = []
    for (const dir of config.extraNodeDirs) {
        try {
            await fs.mkdir(dir, { recursive: true })
            usable.push(dir)
        } catch (error) {
            logger.error(
                `[orquesta] node folder ${dir} cannot be created (${(error as Error).message}); set ORQUESTA_NODE_DIRS to a writable folder`
            )
        }
    }
    logger.info(`[orquesta] hot-reload node folders (drop node files here): ${usable.join(', ') || 'none'}`)
    return usable
}
