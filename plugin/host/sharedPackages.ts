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

/** The package a loaded file belongs to (the last `node_modules/<name>` in its path), or undefined. */
const packageOfFile = (file: string): { name: string; dir: string } | undefined => {
    const marker = `${path.sep}node_modules${path.sep}`
    const at = file.lastIndexOf(marker)
    if (at === -1) return undefined
    const rest = file.slice(at + marker.length).split(path.sep)
    const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
    return { name, dir: file.slice(0, at + marker.length) + name }
}

/**
 * The copies of each shared package that the plugin's own modules (under `pluginRoot`, outside its
 * `node_modules`) actually loaded in this process, from the module cache: what "one copy" means
 * at run time.
 */
export const copiesLoadedBy = (pluginRoot: string, cache: NodeJS.Dict<NodeJS.Module> = require.cache): Map<string, Set<string>> => {
    const own = pluginRoot + path.sep
    const ownDependencies = path.join(pluginRoot, 'node_modules') + path.sep
    const loaded = new Map<string, Set<string>>(SHARED_PACKAGES.map((name) => [name, new Set<string>()]))
    for (const module of Object.values(cache)) {
        if (!module?.filename.startsWith(own) || module.filename.startsWith(ownDependencies)) continue
        for (const child of module.children) {
            const pkg = packageOfFile(child.filename)
            if (pkg) loaded.get(pkg.name)?.add(pkg.dir)
        }
    }
    return loaded
}
