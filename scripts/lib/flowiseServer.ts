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
export const startFlowise = async (options: FlowiseServerOptions): Promise<Service> => {
    mkdirSync(options.dataDir, { recursive: true })
    const url = `http://127.0.0.1:${options.port}`
    const preload = `--require ${PRELOAD}`
    return startService({
        name: 'Flowise',
        command: FLOWISE_BIN,
        args: ['start'],
        cwd: options.dataDir,
        env: {
            ...process.env,
            ...options.env,
            NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' '),
            PORT: String(options.port),
            HOST: '127.0.0.1',
            DATABASE_PATH: options.dataDir,
            SECRETKEY_PATH: options.dataDir,
            LOG_PATH: path.join(options.dataDir, 'logs'),
            BLOB_STORAGE_PATH: path.join(options.dataDir, 'storage'),
            DISABLE_FLOWISE_TELEMETRY: 'true'
        },
        logFile: path.join(options.dataDir, 'flowise.log'),
        readyUrl: `${url}/api/v1/ping`,
        url,
        timeoutMs: options.timeoutMs ?? 120_000
    })
}
