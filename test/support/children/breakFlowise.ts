// A `--require` preload for the hook tests, loaded before the plugin's: breaks one part of the
// host as the plugin meets it, chosen by ORQUESTA_TEST_BREAK, the way a Flowise release that
// renamed or changed it would, without touching what Flowise itself needs:
//   nodes        NodesPool.loadNodesFromDir throws for the plugin's node directory
//   routes       Flowise's router module cannot be required by the plugin
//   permissions  Flowise's PermissionCheck module cannot be required by the plugin
//   chatflows    Flowise's chatflow service cannot be required by the plugin
//   version      the plugin reads no Flowise version (as on an unknown release)
import fs from 'node:fs'
import Module from 'node:module'

const part = process.env.ORQUESTA_TEST_BREAK
const fromPlugin = (parent: unknown) => /[\\/]dist[\\/]plugin[\\/]/.test((parent as { filename?: string } | undefined)?.filename ?? '')

const moduleApi = Module as unknown as { _load: (request: string, parent: unknown) => unknown }
const originalLoad = moduleApi._load
const REQUIRES: Record<string, RegExp> = {
    routes: /[\\/]dist[\\/]routes$/,
    permissions: /PermissionCheck$/,
    chatflows: /[\\/]services[\\/]chatflows$/
}
moduleApi._load = function (this: unknown, request: string, parent: unknown) {
    if (part && REQUIRES[part]?.test(request) && fromPlugin(parent)) throw new Error(`Cannot find module '${request}' (broken by the test)`)
    // eslint-disable-next-line prefer-rest-params
    const exports = originalLoad.apply(this, arguments as unknown as [string, unknown]) as Record<string, unknown> | undefined
    const NodesPool = exports && typeof exports === 'object' ? (exports.NodesPool as { prototype?: Record<string, unknown> }) : undefined
    if (part === 'nodes' && typeof NodesPool?.prototype?.loadNodesFromDir === 'function' && !NodesPool.prototype.broken) {
        const original = NodesPool.prototype.loadNodesFromDir as (this: unknown, dir: string) => unknown
        NodesPool.prototype.broken = true
        NodesPool.prototype.loadNodesFromDir = function (this: unknown, dir: string) {
            if (/[\\/]dist[\\/]nodes$/.test(dir) && !dir.includes('flowise-components'))
                throw new Error('loadNodesFromDir is not a function (broken by the test)')
            return original.call(this, dir)
        }
    }
    return exports
}

if (part === 'version') {
    const originalRead = fs.readFileSync
    fs.readFileSync = function (this: unknown, file: fs.PathOrFileDescriptor, options?: unknown) {
        if (typeof file === 'string' && /[\\/]flowise[\\/]package\.json$/.test(file) && /flowiseVersion/.test(new Error().stack ?? '')) {
            throw new Error('ENOENT (broken by the test)')
        }
        return (originalRead as (...args: unknown[]) => unknown).call(this, file, options)
    } as typeof fs.readFileSync
}
