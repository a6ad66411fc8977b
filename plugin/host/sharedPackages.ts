import { readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'

/**
 * Packages whose objects cross between Flowise's nodes and Orquesta's: a second copy breaks
 * `instanceof` checks inside Flowise (a router model that is not the host's `BaseChatModel`).
 */
export const SHARED_PACKAGES: readonly string[] = ['@langchain/core', 'flowise-components', '@langchain/openai', 'zod']

/** One installed copy of a package. */
export interface PackageCopy {
    readonly dir: string
    readonly version: string
}

/** Where `name` resolves from `fromDir` (the package's real directory and version), or undefined. */
export const resolvePackage = (name: string, fromDir: string): PackageCopy | undefined => {
    let entry: string
    try {
        // The main entry, not package.json: some packages (flowise-components) do not export it.
        entry = require.resolve(name, { paths: [fromDir] })
    } catch {
        return undefined
    }
    for (let dir = path.dirname(realpathSync(entry)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        try {
            const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
            if (manifest.name === name) return { dir, version: manifest.version ?? 'unknown' }
        } catch {
            // no package.json at this level
        }
    }
    return undefined
}

/** How one shared package resolves for Orquesta's nodes and for Flowise's own nodes. */
export interface SharedPackage {
    readonly name: string
    readonly orquesta?: PackageCopy
    readonly host?: PackageCopy
    /** Both resolve to the same directory: one copy, shared. */
    readonly same: boolean
}

/**
 * For each shared package, the copy Orquesta's nodes load (resolved from `pluginDir`) and the
 * copy Flowise's own nodes load (resolved from `hostNodesDir`, flowise-components' `dist/nodes`).
 */
export const sharedPackages = (pluginDir: string, hostNodesDir: string): SharedPackage[] =>
    SHARED_PACKAGES.map((name) => {
        const orquesta = resolvePackage(name, pluginDir)
        const host = resolvePackage(name, hostNodesDir)
        return { name, orquesta, host, same: !!orquesta && !!host && orquesta.dir === host.dir }
    })
