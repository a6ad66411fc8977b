import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ROOT } from '../../scripts/lib/paths'
import { freePort, startService, type Service } from '../../scripts/lib/processes'
import { waitFor } from '../support/waitFor'

/** The pid of the LiteLLM proxy listening on `port`, from the process table. */
const proxyPid = (port: number): number | undefined => {
    for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue
        let args: string[]
        try {
            args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
        } catch {
            continue // it ended while the table was read
        }
        const at = args.indexOf('--port')
        if (args.some((a) => a.endsWith('/litellm')) && at >= 0 && args[at + 1] === String(port)) return Number(entry)
    }
    return undefined
}
const answers = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.ok === true

describe('npm start', { timeout: 400_000 }, () => {
    let work: string
    let start: Service
    let proxyPort: number
    before(async () => {
        work = mkdtempSync(path.join(os.tmpdir(), 'orquesta-start-'))
        const port = await freePort()
        proxyPort = await freePort()
        start = await startService({
            name: 'npm start',
            command: process.execPath,
            args: [path.join(ROOT, 'scripts', 'start.mjs')],
            cwd: ROOT,
            env: { ...process.env, PORT: String(port), LITELLM_PORT: String(proxyPort), DATABASE_PATH: path.join(work, 'flowise') },
            logFile: path.join(work, 'start.log'),
            readyLog: /Flowise with Orquesta is ready/,
            url: `http://127.0.0.1:${port}`,
            timeoutMs: 240_000
        })
    })
    after(async () => {
        await start?.stop()
        if (work) rmSync(work, { recursive: true, force: true })
    })

    it('starts the LiteLLM proxy again when it dies, and Flowise stays up', async () => {
        const first = proxyPid(proxyPort)
        assert.ok(first, 'the proxy runs')
        process.kill(first, 'SIGKILL')
        const log = () => readFileSync(start.logFile, 'utf8')
        await waitFor('the proxy to be started again', () => /LiteLLM proxy ready again/.test(log()), 120_000)
        assert.match(log(), /the LiteLLM proxy exited \(code null, signal SIGKILL\); starting it again/)
        assert.ok(await answers(`http://127.0.0.1:${proxyPort}/health/readiness`), 'the proxy answers on its port again')
        assert.notEqual(proxyPid(proxyPort), first)
        assert.ok(await answers(`${start.url}/api/v1/ping`), 'Flowise kept running')
    })

    it('stops the proxy it started last when it is stopped', async () => {
        const second = proxyPid(proxyPort)
        assert.ok(second)
        await start.stop()
        await waitFor('the proxy to stop', () => proxyPid(proxyPort) === undefined, 30_000)
    })
})
