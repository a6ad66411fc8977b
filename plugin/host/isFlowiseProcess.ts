import { readFileSync } from 'node:fs'
import path from 'node:path'

/** The Flowise commands that build a node pool, where the plugin belongs. */
const FLOWISE_COMMANDS = new Set(['start', 'worker'])

/** The name in the `package.json` of the package whose `bin/run` is `script`, if any. */
const packageNameOfBin = (script: string): string | undefined => {
    try {
        return (JSON.parse(readFileSync(path.join(path.dirname(script), '..', 'package.json'), 'utf8')) as { name?: string }).name
    } catch {
        return undefined
    }
}

/**
 * Whether this process is `flowise start` or `flowise worker` (npm's `flowise` launcher, or the
 * server package's `bin/run` as the official images and the monorepo start it). Costs one
 * small file read at most, so every other Node process that inherits the preload stays cheap.
 */
export const isFlowiseProcess = (argv: readonly string[]): boolean => {
    const [, script, command] = argv
    if (!script || !command || !FLOWISE_COMMANDS.has(command)) return false
    const base = path.basename(script).replace(/\.js$/, '')
    if (base === 'flowise') return true
    if (base !== 'run' || path.basename(path.dirname(script)) !== 'bin') return false
    const name = packageNameOfBin(script)
    // `flowise` from npm; `flowise` is also the server package's name in the monorepo (packages/server).
    return name === 'flowise'
}
