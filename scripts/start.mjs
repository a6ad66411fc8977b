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
const stopAll = async () => {
    await Promise.all(services.map((s) => s.stop()))
    process.exit(0)
}
process.on('SIGINT', stopAll)
process.on('SIGTERM', stopAll)

try {
    const litellm = await startLiteLLMProxy({ config, port: litellmPort, masterKey, workDir })
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
    for (const service of services) {
        service.process.on('exit', (code) => {
            console.error(`[orquesta] ${service.name} exited (code ${code}); see ${service.logFile}`)
            void stopAll()
        })
    }
} catch (error) {
    console.error(`[orquesta] ${error.message}`)
    await Promise.all(services.map((s) => s.stop()))
    process.exit(1)
}
