import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { startFlowise, startFlowiseWorker } from '../../../scripts/lib/flowiseServer'
import { freePort, type Service } from '../../../scripts/lib/processes'
import { waitFor } from '../../support/waitFor'

const BREAK = path.resolve(__dirname, '../../support/children/breakFlowise.js')
const REDIS_URL = process.env.ORQUESTA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Starts a stock Flowise with one part of the host broken (see breakFlowise.ts) or an invalid
 * setting, checks that Flowise serves its own routes, and that the log says, once, what failed.
 */
const startBroken = async (
    env: NodeJS.ProcessEnv,
    says: RegExp,
    start: (dataDir: string, env: NodeJS.ProcessEnv) => Promise<Service> = async (dataDir, e) =>
        startFlowise({ port: await freePort(), dataDir, env: e })
): Promise<void> => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-broken-'))
    const server = await start(dataDir, { NODE_OPTIONS: `--require ${BREAK}`, ORQUESTA_EVAL_SCHEDULES: 'off', ...env })
    try {
        if (server.url.startsWith('http')) {
            const ping = await fetch(`${server.url}/api/v1/ping`)
            assert.equal(ping.status, 200)
            assert.equal(await ping.text(), 'pong')
        }
        const log = await waitFor(`the log to say ${says}`, () => {
            const text = readFileSync(server.logFile, 'utf8')
            return says.test(text) && text
        })
        assert.equal(log.match(new RegExp(says.source, 'g'))?.length, 1, 'the failure is logged once')
        // Messages name variables, never their values.
        for (const value of Object.values(env))
            if (value?.includes('secret-value')) assert.ok(!log.includes(value), `the log shows ${value}`)
    } finally {
        await server.stop()
        rmSync(dataDir, { recursive: true, force: true })
    }
}

describe('Flowise keeps running whatever happens to the plugin', { timeout: 600_000 }, () => {
    it('NodesPool hook: registering the nodes fails, Flowise serves without them', () =>
        startBroken(
            { ORQUESTA_TEST_BREAK: 'nodes' },
            /registering the plugin's nodes and credentials failed: loadNodesFromDir is not a function \(broken by the test\); they are not available\. Flowise runs on\./
        ))

    it("App.config hook: Flowise's router module is missing, the plugin stays off, Flowise serves", () =>
        startBroken(
            { ORQUESTA_TEST_BREAK: 'routes' },
            /starting the plugin failed: Cannot find module '[^']*routes' \(broken by the test\)/
        ))

    it("App.config hook: Flowise's permission check is missing, the plugin stays off, Flowise serves", () =>
        startBroken(
            { ORQUESTA_TEST_BREAK: 'permissions' },
            /starting the plugin failed: Cannot find module '[^']*PermissionCheck' \(broken/
        ))

    it("App.config hook: Flowise's chatflow service is missing, the plugin stays off, Flowise serves", () =>
        startBroken({ ORQUESTA_TEST_BREAK: 'chatflows' }, /starting the plugin failed: Cannot find module '[^']*chatflows' \(broken/))

    it('version check: on an unknown Flowise version the plugin says which versions it supports and stays off', () =>
        startBroken(
            { ORQUESTA_TEST_BREAK: 'version' },
            /Flowise unknown is not a supported version \(supported: 3\.1\.x\); the plugin stays off and Flowise runs without it\. Set ORQUESTA_ALLOW_UNSUPPORTED_FLOWISE=true/
        ))

    it('configuration: an invalid core setting is reported once by name (not value) at startup, and Flowise serves', () =>
        startBroken(
            { LITELLM_PROXY_URL: 'not-a-url-secret-value' },
            /core settings: Orquesta configuration: LITELLM_PROXY_URL must be an absolute URL[^\n]*; the plugin stays off/
        ))

    it('configuration: a bad tracing variable does not crash `flowise worker`: tracing is off, the worker runs', () =>
        startBroken(
            {
                MODE: 'queue',
                REDIS_URL,
                QUEUE_NAME: `orquesta-broken-${process.pid}`,
                LANGFUSE_PUBLIC_KEY: 'pk-lf-x',
                LANGFUSE_SECRET_KEY: 'sk-lf-x',
                LANGFUSE_BASEURL: 'not a url'
            },
            /\[orquesta\] tracing: Orquesta tracing configuration: [^\n]*LANGFUSE_BASEURL[^\n]*; tracing is off/,
            (dataDir, env) => startFlowiseWorker({ dataDir, env })
        ))
})
