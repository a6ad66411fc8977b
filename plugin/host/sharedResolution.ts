import Module from 'node:module'
import path from 'node:path'
import { realpathSync } from 'node:fs'
import { resolvePackage } from './sharedPackages'

/** Requests of the packages whose objects cross between Flowise's nodes and Orquesta's (and their subpaths). */
export const SHARED_REQUEST = /^(?:@langchain\/core|@langchain\/openai|zod|flowise-components)(?:\/|$)/

type Resolve = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string

/**
 * Flowise's own nodes use the copies that `flowise-components` resolves: npm gives
 * `flowise-components` its own nested `@langchain/core` (1.1.20 under it, 1.4.0 at Flowise's top
 * level, as `npm install -g flowise@3.1.2` lays it out), so Orquesta, installed beside it, would
 * load a second copy. This makes every shared-package request from Orquesta's own files resolve
 * from `hostNodesDir` (flowise-components' `dist/nodes`), exactly as Flowise's nodes do; Orquesta's
 * own dependencies (in its `node_modules`) are left alone.
 */
export const installSharedResolution = (pluginRoot: string, hostNodesDir: string): void => {
    const moduleApi = Module as unknown as { _resolveFilename: Resolve }
    const original = moduleApi._resolveFilename
    const own = pluginRoot + path.sep
    const ownDependencies = path.join(pluginRoot, 'node_modules') + path.sep
    const hostParent = new Module(path.join(hostNodesDir, 'orquesta-shared.js'))
    hostParent.filename = path.join(hostNodesDir, 'orquesta-shared.js')
    hostParent.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(hostNodesDir)
    moduleApi._resolveFilename = function (this: unknown, request, parent, isMain, options) {
        const from = (parent as { filename?: string } | undefined)?.filename
        if (from && from.startsWith(own) && !from.startsWith(ownDependencies) && SHARED_REQUEST.test(request))
            return original.call(this, request, hostParent, isMain)
        return original.call(this, request, parent, isMain, options)
    }
}

/** flowise-components' `dist/nodes` of the Flowise whose `bin/run` is `script`, or undefined. */
export const hostNodesDirOf = (script: string): string | undefined => {
    try {
        const flowiseDir = path.resolve(realpathSync(script), '..', '..')
        const components = resolvePackage('flowise-components', path.join(flowiseDir, 'dist'))
        return components && path.join(components.dir, 'dist', 'nodes')
    } catch {
        return undefined
    }
}
