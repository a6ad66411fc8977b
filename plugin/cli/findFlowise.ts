import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'

/** Where the official Docker image installs Flowise (`npm install -g flowise` on node:alpine). */
export const OFFICIAL_IMAGE_FLOWISE = '/usr/local/lib/node_modules/flowise'

/** A Flowise installation found on this machine. */
export interface FlowiseInstall {
    /** Flowise's package directory (holds `bin/run`, `dist/`, `node_modules/`). */
    readonly dir: string
    readonly version: string
    /** How it was found, for `doctor`. */
    readonly foundBy: string
}

/** Thrown when no Flowise is found; lists where the CLI looked. */
export class FlowiseNotFoundError extends Error {
    constructor(looked: readonly string[]) {
        super(
            `No Flowise found (looked in ${looked.join(', ')}). Install it (npm install -g flowise@3.1) or pass --flowise <its package folder>.`
        )
        this.name = 'FlowiseNotFoundError'
    }
}

const manifest = (dir: string): { name?: string; version?: string } | undefined => {
    try {
        return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
    } catch {
        return undefined
    }
}

const isFlowiseDir = (dir: string): boolean => manifest(dir)?.name === 'flowise' && existsSync(path.join(dir, 'bin', 'run'))

/** The Flowise package this file is installed inside (`<flowise>/node_modules/flowise-orquesta/…`), if any. */
export const enclosingFlowise = (from: string): string | undefined => {
    for (let dir = path.dirname(from); dir !== path.dirname(dir); dir = path.dirname(dir))
        if (from.startsWith(path.join(dir, 'node_modules') + path.sep) && isFlowiseDir(dir)) return dir
    return undefined
}

/** npm's global `node_modules` (`npm root -g`), or undefined when npm cannot say within 10 s. */
const npmGlobalRoot = (): string | undefined => {
    try {
        return execFileSync('npm', ['root', '-g'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
        return undefined
    }
}

/**
 * Finds the host's Flowise: the folder given, else the Flowise this CLI is installed inside, else
 * the one `cwd` resolves, npm's global prefix, and the official image's location, in that order.
 */
export const findFlowise = (options: { dir?: string; cwd?: string; self?: string } = {}): FlowiseInstall => {
    const candidates: [string | undefined, string][] = options.dir
        ? [[path.resolve(options.dir), '--flowise']]
        : [
              [enclosingFlowise(realpathSync(options.self ?? __filename)), 'the Flowise this CLI is installed in'],
              [path.join(options.cwd ?? process.cwd(), 'node_modules', 'flowise'), 'the current folder'],
              [((root) => root && path.join(root, 'flowise'))(npmGlobalRoot()), "npm's global prefix"],
              [OFFICIAL_IMAGE_FLOWISE, "the official image's location"]
          ]
    const looked: string[] = []
    for (const [dir, foundBy] of candidates) {
        if (!dir) continue
        looked.push(dir)
        if (isFlowiseDir(dir)) return { dir: realpathSync(dir), version: manifest(dir)?.version ?? 'unknown', foundBy }
    }
    throw new FlowiseNotFoundError(looked)
}
