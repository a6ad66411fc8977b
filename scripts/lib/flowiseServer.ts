import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { FLOWISE_BIN, PRELOAD } from './paths'
import { startService, type Service } from './processes'

export interface FlowiseServerOptions {
    readonly port: number
    /** Flowise's data directory (SQLite database, encryption key, logs, uploads). */
    readonly dataDir: string
    readonly env?: NodeJS.ProcessEnv
    readonly timeoutMs?: number
}

/**
 * Starts the stock Flowise server from npm with the Orquesta preload, on 127.0.0.1 and the
 * embedded SQLite database.
 */
/** Environment for a Flowise process with the plugin preloaded and its data in `dataDir`. */
const flowiseEnv = (dataDir: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    HOST: '127.0.0.1',
    ...env,
    // Preloads given in `env` (a test breaking a part of the host) run before the plugin's.
    NODE_OPTIONS: [env.NODE_OPTIONS ?? process.env.NODE_OPTIONS, `--require ${PRELOAD}`].filter(Boolean).join(' '),
    DATABASE_PATH: dataDir,
    SECRETKEY_PATH: dataDir,
    LOG_PATH: path.join(dataDir, 'logs'),
    BLOB_STORAGE_PATH: path.join(dataDir, 'storage'),
    DISABLE_FLOWISE_TELEMETRY: 'true'
})

export const startFlowise = async (options: FlowiseServerOptions): Promise<Service> => {
    mkdirSync(options.dataDir, { recursive: true })
    const url = `http://127.0.0.1:${options.port}`
    return startService({
        name: 'Flowise',
        command: FLOWISE_BIN,
        args: ['start'],
        cwd: options.dataDir,
        env: { ...flowiseEnv(options.dataDir, options.env), PORT: String(options.port) },
        logFile: path.join(options.dataDir, 'flowise.log'),
        readyUrl: `${url}/api/v1/ping`,
        url,
        timeoutMs: options.timeoutMs ?? 120_000
    })
}

/**
 * Starts `flowise worker` (queue mode) with the plugin preloaded, sharing `dataDir` (database
 * and encryption key) with the main server. Ready once it reports its prediction worker.
 */
export const startFlowiseWorker = async (options: Omit<FlowiseServerOptions, 'port'>): Promise<Service> => {
    mkdirSync(options.dataDir, { recursive: true })
    return startService({
        name: 'Flowise worker',
        command: FLOWISE_BIN,
        args: ['worker'],
        cwd: options.dataDir,
        env: flowiseEnv(options.dataDir, options.env),
        logFile: path.join(options.dataDir, 'flowise-worker.log'),
        readyLog: /Prediction Worker .* created/,
        url: '',
        timeoutMs: options.timeoutMs ?? 120_000
    })
}
