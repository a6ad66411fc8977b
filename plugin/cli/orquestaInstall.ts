import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { PLUGIN_VERSION } from '../version'
import type { FlowiseInstall } from './findFlowise'

/** The package's name on npm. */
export const PACKAGE_NAME = 'flowise-orquesta'

/** This package's root (this file is compiled to dist/plugin/cli). */
export const OWN_PACKAGE_DIR = path.resolve(__dirname, '..', '..', '..')

/** An Orquesta package on disk. */
export interface OrquestaCopy {
    readonly dir: string
    readonly version: string
    /** Installed in Flowise's own `node_modules`, so that its peers are the host's copies. */
    readonly insideFlowise: boolean
    readonly preload: string
    readonly nodesDir: string
}

const copyAt = (dir: string, insideFlowise: boolean): OrquestaCopy => ({
    dir,
    version: (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version,
    insideFlowise,
    preload: path.join(dir, 'dist', 'plugin', 'host', 'preload.js'),
    nodesDir: path.join(dir, 'dist', 'nodes')
})

/** The Orquesta installed inside `flowise`'s tree, if any. */
export const installedInFlowise = (flowise: FlowiseInstall): OrquestaCopy | undefined => {
    const dir = path.join(flowise.dir, 'node_modules', PACKAGE_NAME)
    return existsSync(path.join(dir, 'dist', 'plugin', 'host', 'preload.js')) ? copyAt(realpathSync(dir), true) : undefined
}

/** The Orquesta Flowise will load: the one inside its tree, else this CLI's own package. */
export const orquestaFor = (flowise: FlowiseInstall): OrquestaCopy =>
    installedInFlowise(flowise) ?? copyAt(OWN_PACKAGE_DIR, realpathSync(OWN_PACKAGE_DIR).startsWith(flowise.dir + path.sep))

/** Thrown when npm could not install the package; carries npm's exit status. */
export class InstallFailedError extends Error {
    constructor(spec: string, dir: string, status: number | null) {
        super(`npm could not install ${spec} inside ${dir} (exit ${status}); see npm's output above. Flowise is unchanged.`)
        this.name = 'InstallFailedError'
    }
}

/**
 * Installs Orquesta inside Flowise's own package folder (`npm install --no-save` there), so that
 * `@langchain/core`, `flowise-components` and the other peers resolve to the host's copies.
 * Orquesta's peers are optional (Flowise's tree has them; npm checks their ranges). Peer
 * resolution stays on: with `--legacy-peer-deps` npm prunes the packages Flowise gets only as
 * peers (`keyv`, which Flowise's server requires), and Flowise no longer starts. Flowise's
 * development dependencies are not installed; install scripts stay off (Orquesta needs none, and
 * Flowise's optional add-ons download binaries).
 * `spec` is a tarball, or a registry spec (default: this CLI's own version).
 */
export const installIntoFlowise = (flowise: FlowiseInstall, spec = `${PACKAGE_NAME}@${PLUGIN_VERSION}`): OrquestaCopy => {
    const args = ['install', '--no-save', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', spec]
    console.log(`[orquesta] installing ${spec} inside ${flowise.dir}: npm ${args.join(' ')}`)
    const result = spawnSync('npm', args, { cwd: flowise.dir, stdio: 'inherit' })
    if (result.status !== 0) throw new InstallFailedError(spec, flowise.dir, result.status)
    const installed = installedInFlowise(flowise)
    if (!installed) throw new InstallFailedError(spec, flowise.dir, result.status)
    return installed
}
