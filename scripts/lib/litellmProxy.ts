import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse, stringify } from 'yaml'
import { LITELLM_BIN, LITELLM_PATCHES } from './paths'
import { startService, type Service } from './processes'

/** A LiteLLM proxy config as the scripts and tests write it. */
export interface LiteLLMConfig {
    model_list: { model_name: string; litellm_params: Record<string, unknown>; model_info?: Record<string, unknown> }[]
    [section: string]: unknown
}

const ENV_REF = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/

const envRefs = (value: unknown): string[] => {
    if (typeof value === 'string') {
        const match = ENV_REF.exec(value)
        return match ? [match[1]] : []
    }
    if (value && typeof value === 'object') return Object.values(value).flatMap(envRefs)
    return []
}

/**
 * Keeps the deployments whose `os.environ/...` references are all set in `env`, so that
 * provider models switch on when their key is present and stay out of the model list otherwise.
 */
export const effectiveConfig = (yamlText: string, env: NodeJS.ProcessEnv): { config: LiteLLMConfig; dropped: string[] } => {
    const config = parse(yamlText) as LiteLLMConfig
    const dropped: string[] = []
    config.model_list = config.model_list.filter((entry) => {
        const missing = envRefs(entry.litellm_params).filter((name) => !env[name])
        if (missing.length) dropped.push(`${entry.model_name} (needs ${missing.join(', ')})`)
        return missing.length === 0
    })
    return { config, dropped }
}

/**
 * The proxy runs without a database: with one it uses Prisma, which downloads engine binaries at
 * run time. A DATABASE_URL meant for something else (Flowise, say) must not reach it.
 */
const proxyEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const copy = { ...env }
    delete copy.DATABASE_URL
    return copy
}

export interface LiteLLMProxyOptions {
    readonly config: LiteLLMConfig
    readonly port: number
    readonly masterKey: string
    /** Directory for the written config and the log. */
    readonly workDir: string
    readonly env?: NodeJS.ProcessEnv
    readonly timeoutMs?: number
    /** Proxy worker processes (1). */
    readonly workers?: number
}

/**
 * Starts the real LiteLLM proxy from the project's virtual environment, bound to 127.0.0.1,
 * without a database and with LiteLLM's bundled cost map (no download at start).
 */
export const startLiteLLMProxy = async (options: LiteLLMProxyOptions): Promise<Service> => {
    const configFile = path.join(options.workDir, 'litellm-config.effective.yaml')
    // The key stays out of the file (the proxy reads it from its environment), and the file is
    // readable by its owner only, whatever else it holds.
    const config = {
        ...options.config,
        general_settings: { ...((options.config.general_settings as object) ?? {}), master_key: 'os.environ/LITELLM_MASTER_KEY' }
    }
    writeFileSync(configFile, stringify(config), { mode: 0o600 })
    chmodSync(configFile, 0o600)
    const url = `http://127.0.0.1:${options.port}`
    return startService({
        name: 'LiteLLM proxy',
        command: LITELLM_BIN,
        args: [
            '--config',
            configFile,
            '--host',
            '127.0.0.1',
            '--port',
            String(options.port),
            '--num_workers',
            String(options.workers ?? 1)
        ],
        cwd: options.workDir,
        // PYTHONFAULTHANDLER: should the interpreter still crash, its Python stack is in the log.
        env: proxyEnv({
            ...process.env,
            ...options.env,
            LITELLM_LOCAL_MODEL_COST_MAP: 'True',
            LITELLM_MASTER_KEY: options.masterKey,
            PYTHONFAULTHANDLER: '1',
            PYTHONPATH: [LITELLM_PATCHES, options.env?.PYTHONPATH ?? process.env.PYTHONPATH].filter(Boolean).join(path.delimiter)
        }),
        logFile: path.join(options.workDir, 'litellm.log'),
        readyUrl: `${url}/health/readiness`,
        url,
        timeoutMs: options.timeoutMs ?? 90_000
    })
}
