#!/usr/bin/env node
/**
 * `orquesta-flowise start|worker|install|doctor`: adds Orquesta to the Flowise a team already
 * runs. Finds Flowise, checks its version, installs Orquesta inside Flowise's tree when asked,
 * and starts `flowise start` / `flowise worker` with the preload appended to NODE_OPTIONS.
 */
import { spawn } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { checkFlowiseVersion } from '../host/flowiseVersion'
import { findFlowise, type FlowiseInstall } from './findFlowise'
import { withPreload } from './nodeOptions'
import { installedInFlowise, installIntoFlowise, type OrquestaCopy } from './orquestaInstall'

const USAGE = `Usage: orquesta-flowise <command> [options] [-- flowise options]

Commands:
  start      run \`flowise start\` with Orquesta
  worker     run \`flowise worker\` (queue mode) with Orquesta
  install    install Orquesta inside Flowise's own package folder
  doctor     print what was found: Flowise, shared packages, proxy, features

Options:
  --flowise <dir>    Flowise's package folder (default: found automatically)
  --install          start/worker: install Orquesta inside Flowise first when it is not there
  --package <spec>   install: a tarball or npm spec (default: flowise-orquesta@<this version>)
  --json             doctor: machine-readable output`

/** An error the user can act on: printed without a stack, exit status 1. */
class CliError extends Error {}

const install = (flowise: FlowiseInstall, spec?: string): OrquestaCopy => {
    const resolved = spec && existsSync(spec) ? path.resolve(spec) : spec
    const copy = installIntoFlowise(flowise, resolved)
    console.log(`[orquesta] flowise-orquesta ${copy.version} is installed in ${copy.dir}`)
    return copy
}

/** Exit status of a child, as a shell reports it. */
const exitStatus = (code: number | null, signal: NodeJS.Signals | null): number =>
    code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)

/** Runs `file` with Node and these arguments, forwarding signals; resolves with its exit status. */
const runNode = (file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> => {
    const child = spawn(process.execPath, [file, ...args], { stdio: 'inherit', env })
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal))
    return new Promise((resolve) => child.on('exit', (code, signal) => resolve(exitStatus(code, signal))))
}

/** `flowise start|worker` with the preload of the Orquesta inside Flowise's tree (this CLI's own copy). */
const run = async (command: 'start' | 'worker', flowise: FlowiseInstall, orquesta: OrquestaCopy, rest: string[]): Promise<number> => {
    /* eslint-disable @typescript-eslint/no-require-imports -- these need the peers, present only inside Flowise's tree */
    const { loadPluginConfig } = require('../config') as typeof import('../config')
    const { ensureNodeDirs } = require('../nodeDirs') as typeof import('../nodeDirs')
    const { consoleLogger } = require('../host/HostContext') as typeof import('../host/HostContext')
    /* eslint-enable @typescript-eslint/no-require-imports */
    const env = { ...process.env, NODE_OPTIONS: withPreload(process.env.NODE_OPTIONS, orquesta.preload) }
    if (command === 'start') {
        // An invalid setting is the plugin's to report (it turns that part off); Flowise starts either way.
        const config = (() => {
            try {
                return loadPluginConfig(env)
            } catch (error) {
                consoleLogger.warn(`[orquesta] ${(error as Error).message}`)
                return undefined
            }
        })()
        if (config) await ensureNodeDirs(config, consoleLogger)
    }
    console.log(`[orquesta] flowise ${command} (Flowise ${flowise.version} at ${flowise.dir}) with NODE_OPTIONS=${env.NODE_OPTIONS}`)
    return runNode(path.join(flowise.dir, 'bin', 'run'), [command, ...rest], env)
}

const notInstalled = (flowise: FlowiseInstall) =>
    new CliError(
        `Orquesta is not installed inside Flowise's tree (${path.join(flowise.dir, 'node_modules')}): from anywhere else its nodes ` +
            `would load second copies of @langchain/core and flowise-components, which Flowise's checks reject. ` +
            `Run \`orquesta-flowise install\` (or add --install).`
    )

export const main = async (argv: string[]): Promise<number> => {
    const dashDash = argv.indexOf('--')
    const own = dashDash === -1 ? argv : argv.slice(0, dashDash)
    const rest = dashDash === -1 ? [] : argv.slice(dashDash + 1)
    const { values, positionals } = parseArgs({
        args: own,
        allowPositionals: true,
        options: {
            flowise: { type: 'string' },
            install: { type: 'boolean' },
            package: { type: 'string' },
            json: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' }
        }
    })
    const [command] = positionals
    if (values.help || !command || !['start', 'worker', 'install', 'doctor'].includes(command)) {
        console.log(USAGE)
        return values.help ? 0 : 2
    }
    const flowise = findFlowise({ dir: values.flowise })
    const verdict = checkFlowiseVersion(flowise.version)
    if (command !== 'doctor') {
        if (!verdict.run) throw new CliError(verdict.error)
        if (verdict.warning) console.warn(verdict.warning)
    }
    if (command === 'install') {
        install(flowise, values.package)
        return 0
    }
    let inTree = installedInFlowise(flowise)
    if (!inTree && values.install && command !== 'doctor') inTree = install(flowise, values.package)
    if (!inTree) {
        if (command !== 'doctor') throw notInstalled(flowise)
        console.log(`Flowise   ${flowise.version} at ${flowise.dir} (found in ${flowise.foundBy})`)
        console.log(`Problems:\n  - ${verdict.run ? '' : `${verdict.error}\n  - `}${notInstalled(flowise).message}`)
        return 1
    }
    // The copy inside Flowise's tree does the work: there, its peers are the host's.
    if (!realpathSync(__filename).startsWith(inTree.dir + path.sep))
        return runNode(path.join(inTree.dir, 'dist', 'plugin', 'cli', 'main.js'), ['--flowise', flowise.dir, ...argv], process.env)
    if (command === 'doctor') {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { diagnose, formatReport } = require('./doctor') as typeof import('./doctor')
        const report = await diagnose(flowise)
        console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report))
        return report.problems.length ? 1 : 0
    }
    return run(command as 'start' | 'worker', flowise, inTree, rest)
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error: Error) => {
            console.error(`[orquesta] ${error.message}`)
            process.exit(1)
        }
    )
}
