import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { freePort, startService, type Service } from '../../../scripts/lib/processes'
import { ROOT } from '../../../scripts/lib/paths'
import { realCatalog } from '../../support/catalog'
import { createApiKey, FlowiseClient, type NodeDefinition } from '../../support/flowise'
import { buildFlowisePrefix, type FlowisePrefix } from '../../support/flowisePrefix'
import { routerChain, toolAgentWith } from '../../support/flows'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

/**
 * Orquesta added to a Flowise the way a team with an npm-installed Flowise adds it: the packed
 * tarball, its CLI run from the tarball's own files, `orquesta-flowise install` into Flowise's
 * tree, `orquesta-flowise start`, then the nodes, a router prediction and a tool-agent prediction.
 */
let work: string
let tarball: string
let cli: string
let host: FlowisePrefix
let stack: TestStack
let flowise: Service
let client: FlowiseClient
let dataDir: string

/** npm and the CLI as a user of that prefix runs them (global prefix, its bin first on PATH). */
const userEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: `${path.join(host.prefix, 'bin')}:${process.env.PATH}`,
    npm_config_prefix: host.prefix,
    // Packages come from npm's local cache when they are there (CI installed them moments ago).
    npm_config_prefer_offline: 'true',
    LITELLM_PROXY_URL: stack.litellm.url,
    LITELLM_MASTER_KEY: stack.masterKey,
    DATABASE_PATH: dataDir,
    SECRETKEY_PATH: dataDir,
    LOG_PATH: path.join(dataDir, 'logs'),
    BLOB_STORAGE_PATH: path.join(dataDir, 'storage'),
    DISABLE_FLOWISE_TELEMETRY: 'true',
    HOST: '127.0.0.1',
    // What the official images set: the CLI must keep it.
    NODE_OPTIONS: '--max-old-space-size=4096'
})

const orquestaCli = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: work, env: userEnv(), encoding: 'utf8' })

describe('Orquesta added to an npm-installed Flowise with its CLI', { timeout: 480_000 }, () => {
    before(async () => {
        work = mkdtempSync(path.join(os.tmpdir(), 'orquesta-install-'))
        dataDir = path.join(work, 'flowise-data')
        const packed = JSON.parse(
            execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
                cwd: ROOT,
                encoding: 'utf8',
                stdio: ['ignore', 'pipe', 'ignore']
            })
        ) as { filename: string }[]
        tarball = path.join(work, packed[0].filename)
        execFileSync('tar', ['xzf', tarball, '-C', work])
        cli = path.join(work, 'package', 'dist', 'plugin', 'cli', 'main.js')
        host = buildFlowisePrefix(path.join(work, 'prefix'))
        stack = await startTestStack()
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
        if (work) rmSync(work, { recursive: true, force: true })
    })

    it("refuses to start before Orquesta is inside Flowise's tree, saying what to run", () => {
        const result = orquestaCli(['start'])
        assert.equal(result.status, 1)
        assert.match(result.stderr, /not installed inside Flowise's tree .*orquesta-flowise install/s)
    })

    it("installs the tarball inside the Flowise found in npm's global prefix", () => {
        const result = orquestaCli(['install', '--package', tarball])
        assert.equal(result.status, 0, result.stderr)
        assert.match(result.stdout, new RegExp(`installing .* inside ${host.flowiseDir}`))
        assert.ok(existsSync(path.join(host.flowiseDir, 'node_modules', 'flowise-orquesta', 'dist', 'plugin', 'host', 'preload.js')))
        assert.ok(existsSync(path.join(host.flowiseDir, 'node_modules', '.bin', 'orquesta-flowise')))
    })

    it('doctor finds Flowise, one copy of each shared package, and the proxy', () => {
        const result = orquestaCli(['doctor', '--json'])
        assert.equal(result.status, 0, result.stdout + result.stderr)
        const report = JSON.parse(result.stdout) as {
            flowise: { dir: string; version: string; supported: boolean }
            orquesta: { insideFlowise: boolean }
            sharedPackages: { name: string; same: boolean; orquesta?: { dir: string } }[]
            proxy: { reachable: boolean }
            problems: string[]
        }
        assert.equal(report.flowise.dir, host.flowiseDir)
        assert.equal(report.flowise.supported, true)
        assert.equal(report.orquesta.insideFlowise, true)
        for (const name of ['@langchain/core', 'flowise-components']) {
            const shared = report.sharedPackages.find((p) => p.name === name)
            assert.equal(shared?.same, true, `${name}: ${JSON.stringify(shared)}`)
            assert.ok(shared.orquesta?.dir.startsWith(host.flowiseDir), `${name} is the host's copy`)
        }
        assert.equal(report.proxy.reachable, true)
        assert.deepEqual(report.problems, [])
    })

    it('starts Flowise with the plugin, keeping NODE_OPTIONS and creating the hot-reload folder', async () => {
        const port = await freePort()
        const logFile = path.join(work, 'flowise.log')
        flowise = await startService({
            name: 'orquesta-flowise start',
            command: path.join(host.flowiseDir, 'node_modules', '.bin', 'orquesta-flowise'),
            args: ['start'],
            cwd: work,
            env: { ...userEnv(), PORT: String(port) },
            logFile,
            readyUrl: `http://127.0.0.1:${port}/api/v1/ping`,
            url: `http://127.0.0.1:${port}`,
            timeoutMs: 180_000
        })
        const log = readFileSync(logFile, 'utf8')
        const preload = path.join(host.flowiseDir, 'node_modules', 'flowise-orquesta', 'dist', 'plugin', 'host', 'preload.js')
        assert.ok(log.includes(`NODE_OPTIONS=--max-old-space-size=4096 --require ${preload}`), log.slice(0, 2000))
        const nodeDir = path.join(dataDir, 'orquesta', 'nodes')
        assert.ok(log.includes(`hot-reload node folders (drop node files here): ${nodeDir}`))
        assert.ok(existsSync(nodeDir))
        client = new FlowiseClient(flowise.url, await createApiKey(flowise.url))
    })

    it("lists Orquesta's three nodes", async () => {
        const nodes = await client.request<NodeDefinition[]>('GET', '/nodes')
        for (const name of ['liteLLMRouter', 'flowOptimizer', 'evaluationTrigger'])
            assert.ok(
                nodes.some((n) => n.name === name),
                `${name} is listed`
            )
    })

    it('answers a prediction through the router', async () => {
        stack.provider.reset()
        const flow = routerChain(await realCatalog()).build()
        const id = await client.createChatflow('router chain', flow.nodes, flow.edges)
        const answer = await client.predict(id, 'hello from an npm install')
        assert.equal(answer.text, `[${upstream('budget')}] Q: hello from an npm install`)
    })

    it("answers a tool agent's prediction that calls a tool", async () => {
        stack.provider.script(upstream('budget'), {
            reply: (body) => {
                const last = body.messages[body.messages.length - 1]
                if (last.role === 'tool') return { content: `The tool says ${String(last.content)}` }
                return { toolCalls: [{ name: 'calculator', arguments: JSON.stringify({ input: '6*7' }) }] }
            }
        })
        const flow = toolAgentWith(await realCatalog(), 'calculator', {}).build()
        const id = await client.createChatflow('tool agent', flow.nodes, flow.edges)
        const answer = await client.predict(id, 'what is six times seven?')
        assert.equal(answer.text, 'The tool says 42')
        // The agent's own tool, then one chip per router call (the agent's two model calls).
        assert.deepEqual(
            (answer.usedTools as { tool: string }[]).map((t) => t.tool),
            ['calculator', 'LiteLLM Router → budget', 'LiteLLM Router → budget']
        )
    })

    it("loads one copy of @langchain/core and flowise-components in Orquesta's nodes: Flowise's own", async () => {
        const health = await client.request<{ sharedPackages: { name: string; host?: string; copiesLoaded: number; sameCopy: boolean }[] }>(
            'GET',
            '/orquesta/health'
        )
        for (const name of ['@langchain/core', 'flowise-components', '@langchain/openai', 'zod']) {
            const shared = health.sharedPackages.find((p) => p.name === name)
            assert.equal(shared?.copiesLoaded, 1, `${name}: ${JSON.stringify(shared)}`)
            assert.equal(shared.sameCopy, true, `${name}: ${JSON.stringify(shared)}`)
        }
        // npm gives flowise-components its own @langchain/core; that one, not Flowise's top-level copy, is what the nodes share.
        const core = health.sharedPackages.find((p) => p.name === '@langchain/core')!
        const nested = path.join(
            host.flowiseDir,
            'node_modules',
            'flowise-components',
            'node_modules',
            '@langchain',
            'core',
            'package.json'
        )
        if (existsSync(nested)) assert.equal(core.host, (JSON.parse(readFileSync(nested, 'utf8')) as { version: string }).version)
    })
})
