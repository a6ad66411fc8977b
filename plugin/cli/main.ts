#!/usr/bin/env node
/**
 * `orquesta-flowise start|worker|install|doctor`: adds Orquesta to the Flowise a team already
 * runs. Finds Flowise, checks its version, installs Orquesta inside Flowise's tree when asked,
 * and starts `flowise start` / `flowise worker` with the preload appended to NODE_OPTIONS.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadPluginConfig } from '../config'
import { checkFlowiseVersion } from '../host/flowiseVersion'
import { ensureNodeDirs } from '../nodeDirs'
import { diagnose, formatReport } from './doctor'
import { findFlowise, type FlowiseInstall } from './findFlowise'
import { withPreload } from './nodeOptions'
import { installedInFlowise, installIntoFlowise, orquestaFor, type OrquestaCopy } from './orquestaInstall'

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

const consoleLogger = { info: console.log, warn: console.warn, error: console.error, debug: () => undefined }

const install = (flowise: FlowiseInstall, spec?: string): OrquestaCopy => {
    const resolved = spec && existsSync(spec) ? path.resolve(spec) : spec
    const copy = installIntoFlowise(flowise, resolved)
    console.log(`[orquesta] flowise-orquesta ${copy.version} is installed in ${copy.dir}`)
    return copy
}

const run = async (command: 'start' | 'worker', flowise: FlowiseInstall, orquesta: OrquestaCopy, rest: string[]): Promise<number> => {
    if (!orquesta.insideFlowise)
        throw new CliError(
            `Orquesta is not installed inside Flowise's tree (${flowise.dir}/node_modules): its nodes would load second copies of ` +
                `@langchain/core and flowise-components, which Flowise's checks reject. Run \`orquesta-flowise install\` (or add --install).`
        )
    const env = { ...process.env, NODE_OPTIONS: withPreload(process.env.NODE_OPTIONS, orquesta.preload) }
    if (command === 'start') await ensureNodeDirs(loadPluginConfig(env), consoleLogger)
    console.log(`[orquesta] flowise ${command} (Flowise ${flowise.version} at ${flowise.dir}) with NODE_OPTIONS=${env.NODE_OPTIONS}`)
    const child = spawn(process.execPath, [path.join(flowise.dir, 'bin', 'run'), command, ...rest], { stdio: 'inherit', env })
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal))
    return new Promise((resolve) =>
        child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)))
    )
}

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
    if (command === 'doctor') {
        const report = await diagnose(flowise)
        console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report))
        return report.problems.length ? 1 : 0
    }
    const verdict = checkFlowiseVersion(flowise.version)
    if (!verdict.run) throw new CliError(verdict.error)
    if (verdict.warning) console.warn(verdict.warning)
    if (command === 'install') {
        install(flowise, values.package)
        return 0
    }
    const orquesta = installedInFlowise(flowise) ?? (values.install ? install(flowise, values.package) : orquestaFor(flowise))
    return run(command as 'start' | 'worker', flowise, orquesta, rest)
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
