import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../../scripts/lib/paths'

/** An npm prefix laid out as `npm install -g flowise` leaves it. */
export interface FlowisePrefix {
    readonly prefix: string
    /** `<prefix>/lib/node_modules/flowise`. */
    readonly flowiseDir: string
}

/**
 * Builds a fresh npm prefix holding Flowise the way `npm install -g flowise` lays it out (the
 * package in `<prefix>/lib/node_modules/flowise`, every dependency inside its own
 * `node_modules`, the `flowise` launcher in `<prefix>/bin`), from the Flowise already installed
 * for the tests: a registry install takes 4–5 minutes and 2.8 GB here. The dependency files are
 * hard links (seconds, no space); npm replaces files rather than writing into them, and the
 * hidden lockfile (written in place) is not linked. Flowise's own nested packages become its top
 * level, as in a global install.
 */
export const buildFlowisePrefix = (prefix: string): FlowisePrefix => {
    const source = path.join(ROOT, 'node_modules')
    const flowiseDir = path.join(prefix, 'lib', 'node_modules', 'flowise')
    mkdirSync(path.dirname(flowiseDir), { recursive: true })
    mkdirSync(path.join(prefix, 'bin'), { recursive: true })
    cpSync(path.join(source, 'flowise'), flowiseDir, {
        recursive: true,
        filter: (file) => !file.startsWith(path.join(source, 'flowise', 'node_modules'))
    })
    const modules = path.join(flowiseDir, 'node_modules')
    execFileSync('cp', ['-al', source, modules])
    for (const entry of ['flowise', '.package-lock.json']) rmSync(path.join(modules, entry), { recursive: true, force: true })
    const nested = path.join(source, 'flowise', 'node_modules')
    if (existsSync(nested)) {
        for (const entry of readdirSync(nested).filter((e) => e !== '.bin')) {
            const names = entry.startsWith('@') ? readdirSync(path.join(nested, entry)).map((n) => `${entry}/${n}`) : [entry]
            for (const name of names) {
                rmSync(path.join(modules, name), { recursive: true, force: true })
                mkdirSync(path.dirname(path.join(modules, name)), { recursive: true })
                execFileSync('cp', ['-al', path.join(nested, name), path.join(modules, name)])
            }
        }
    }
    symlinkSync('../lib/node_modules/flowise/bin/run', path.join(prefix, 'bin', 'flowise'))
    return { prefix, flowiseDir }
}
