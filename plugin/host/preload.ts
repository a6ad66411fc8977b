/**
 * Entry point for `NODE_OPTIONS="--require flowise-orquesta/preload" flowise start` (or
 * `flowise worker`). Runs before Flowise loads anything.
 *
 * Every Node process that inherits `NODE_OPTIONS` loads this file (npm, health checks, scripts),
 * so it only loads the plugin inside a Flowise server or worker, and a plugin that cannot load
 * (a dependency missing after an upgrade) logs one line instead of failing the process.
 */
import { isFlowiseProcess } from './isFlowiseProcess'

if (isFlowiseProcess(process.argv)) {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        ;(require('./installPlugin') as typeof import('./installPlugin')).installPlugin()
    } catch (error) {
        console.error(`[orquesta] the plugin could not load: ${(error as Error).message}; Flowise runs without it.`)
    }
}
