// `npm start`: Flowise with the Orquesta plugin, and the LiteLLM proxy, on this machine.
// Installs whatever is missing first (scripts/setup.mjs), then starts LiteLLM on 127.0.0.1
// and Flowise with the plugin preloaded, on Flowise's embedded SQLite database.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
execFileSync(process.execPath, [path.join(root, 'scripts', 'setup.mjs')], { stdio: 'inherit' })

const require = createRequire(import.meta.url)
const { effectiveConfig, startLiteLLMProxy } = require(path.join(root, 'dist/scripts/lib/litellmProxy.js'))
const { startFlowise } = require(path.join(root, 'dist/scripts/lib/flowiseServer.js'))
const { loadPluginConfig } = require(path.join(root, 'dist/plugin/config.js'))

const workDir = path.join(root, '.orquesta')
mkdirSync(workDir, { recursive: true })

// The proxy's master key: from the environment, else one generated once and kept, so that
// credentials saved in Flowise stay valid across restarts.
const keyFile = path.join(workDir, 'litellm-master.key')
const masterKey =
    process.env.LITELLM_MASTER_KEY ||
    (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : writeKey(keyFile, `sk-orquesta-${randomBytes(16).toString('hex')}`))
function writeKey(file, key) {
    writeFileSync(file, key, { mode: 0o600 })
    return key
}

// /metrics shows traffic, cost per model and evaluation scores: it needs a bearer token, generated
// once and kept like the master key (unless the operator opened it with ORQUESTA_METRICS_PUBLIC=true).
const metricsTokenFile = path.join(workDir, 'metrics.token')
const metricsPublic = process.env.ORQUESTA_METRICS_PUBLIC === 'true'
const metricsToken =
    process.env.ORQUESTA_METRICS_TOKEN ||
    (existsSync(metricsTokenFile)
        ? readFileSync(metricsTokenFile, 'utf8').trim()
        : writeKey(metricsTokenFile, randomBytes(24).toString('hex')))

const litellmPort = Number(process.env.LITELLM_PORT ?? 4000)
const flowisePort = Number(process.env.PORT ?? 3000)
const { config, dropped } = effectiveConfig(readFileSync(path.join(root, 'litellm-config.yaml'), 'utf8'), process.env)
if (dropped.length) console.log(`[orquesta] models without their provider key, left out: ${dropped.join('; ')}`)
console.log(`[orquesta] LiteLLM models: ${config.model_list.map((m) => m.model_name).join(', ')}`)

const services = []
let stopping = false
const stopAll = async (code = 0) => {
    stopping = true
    await Promise.all(services.map((s) => s.stop()))
    process.exit(code)
}

/** A proxy that dies is started again on the same port (Flowise's router waits for it); one that keeps dying stops everything. */
const PROXY_RESTARTS = { max: 5, windowMs: 10 * 60_000 }
const restartTimes = []
const startProxy = () => startLiteLLMProxy({ config, port: litellmPort, masterKey, workDir })
const superviseProxy = (proxy) =>
    proxy.process.once('exit', async (code, signal) => {
        if (stopping) return
        const now = Date.now()
        while (restartTimes.length && now - restartTimes[0] > PROXY_RESTARTS.windowMs) restartTimes.shift()
        if (restartTimes.length >= PROXY_RESTARTS.max) {
            console.error(
                `[orquesta] the LiteLLM proxy exited ${PROXY_RESTARTS.max + 1} times in ${PROXY_RESTARTS.windowMs / 60_000} minutes; stopping. See ${proxy.logFile}`
            )
            return void stopAll(1)
        }
        restartTimes.push(now)
        console.error(`[orquesta] the LiteLLM proxy exited (code ${code}, signal ${signal}); starting it again. See ${proxy.logFile}`)
        try {
            const next = await startProxy()
            services[services.indexOf(proxy)] = next
            superviseProxy(next)
            console.log(`[orquesta] LiteLLM proxy ready again at ${next.url}`)
        } catch (error) {
            console.error(`[orquesta] the LiteLLM proxy did not start again: ${error.message}`)
            void stopAll(1)
        }
    })
process.on('SIGINT', () => stopAll())
process.on('SIGTERM', () => stopAll())

try {
    const litellm = await startProxy()
    services.push(litellm)
    console.log(`[orquesta] LiteLLM proxy ready at ${litellm.url} (log: ${litellm.logFile})`)
    const dataDir = process.env.DATABASE_PATH ?? path.join(os.homedir(), '.flowise')
    // The hot-reload folder lives outside the build (npm run build empties dist/): created here, and watched by the plugin.
    const { extraNodeDirs } = loadPluginConfig({ ...process.env, DATABASE_PATH: dataDir })
    for (const dir of extraNodeDirs) mkdirSync(dir, { recursive: true })
    console.log(
        `[orquesta] hot-reload node folder: ${extraNodeDirs.join(', ')} (a node file dropped there appears in Flowise without a restart)`
    )
    const flowise = await startFlowise({
        port: flowisePort,
        dataDir,
        env: {
            LITELLM_PROXY_URL: litellm.url,
            LITELLM_MASTER_KEY: masterKey,
            ORQUESTA_METRICS_TOKEN: metricsToken,
            HOST: process.env.HOST ?? '127.0.0.1'
        }
    })
    services.push(flowise)
    console.log(`[orquesta] Flowise with Orquesta is ready: open http://localhost:${flowisePort} (log: ${flowise.logFile})`)
    console.log('[orquesta] Drag "LiteLLM Router" (Chat Models) onto a canvas; without a credential it uses this proxy. Ctrl+C stops both.')
    if (metricsPublic) console.log(`[orquesta] Metrics: http://localhost:${flowisePort}/metrics is public (ORQUESTA_METRICS_PUBLIC=true)`)
    else {
        console.log(
            `[orquesta] Metrics: http://localhost:${flowisePort}/metrics needs the token in ${metricsTokenFile}. Prometheus scrape config:`
        )
        console.log(
            [
                'scrape_configs:',
                '  - job_name: orquesta',
                `    static_configs: [{ targets: ['localhost:${flowisePort}'] }]`,
                '    authorization:',
                process.env.ORQUESTA_METRICS_TOKEN
                    ? '      credentials: <the value of ORQUESTA_METRICS_TOKEN>'
                    : `      credentials_file: ${metricsTokenFile}`
            ].join('\n')
        )
    }
    superviseProxy(litellm)
    flowise.process.once('exit', (code) => {
        if (stopping) return
        console.error(`[orquesta] Flowise exited (code ${code}); see ${flowise.logFile}`)
        void stopAll(1)
    })
} catch (error) {
    console.error(`[orquesta] ${error.message}`)
    await stopAll(1)
}
