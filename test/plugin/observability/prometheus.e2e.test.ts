import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { freePort, startService, type Service } from '../../../scripts/lib/processes'
import { realCatalog } from '../../support/catalog'
import { type TestFlowise, startTestFlowise } from '../../support/flowise'
import { routerChain } from '../../support/flows'
import { startTestStack, type TestStack } from '../../support/stack'

const PROMETHEUS = '/usr/bin/prometheus'
const TOKEN = 'orquesta-test-metrics-token'

let stack: TestStack
let flowise: TestFlowise
let prometheus: Service
let workDir: string

/** The value of an instant Prometheus query, or undefined while it has no result. */
const query = async (expression: string): Promise<number | undefined> => {
    const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expression)}`)
    const body = (await res.json()) as { data: { result: { value: [number, string] }[] } }
    const first = body.data.result[0]
    return first ? Number(first.value[1]) : undefined
}

describe('Prometheus scrapes the plugin inside a real Flowise', { timeout: 300_000 }, () => {
    before(async () => {
        if (!existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing: install Debian's prometheus package (.ci/run does)`)
        workDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-prometheus-'))
        stack = await startTestStack()
        flowise = await startTestFlowise({
            ORQUESTA_METRICS_TOKEN: TOKEN,
            LITELLM_PROXY_URL: stack.litellm.url,
            LITELLM_MASTER_KEY: stack.masterKey
        })
        const port = await freePort()
        const config = path.join(workDir, 'prometheus.yml')
        writeFileSync(
            config,
            [
                'global:',
                '  scrape_interval: 1s',
                'scrape_configs:',
                '  - job_name: orquesta',
                '    authorization:',
                '      type: Bearer',
                `      credentials: ${TOKEN}`,
                '    static_configs:',
                `      - targets: ['${new URL(flowise.server.url).host}']`,
                ''
            ].join('\n')
        )
        prometheus = await startService({
            name: 'Prometheus',
            command: PROMETHEUS,
            args: [
                `--config.file=${config}`,
                `--storage.tsdb.path=${path.join(workDir, 'data')}`,
                `--web.listen-address=127.0.0.1:${port}`
            ],
            cwd: workDir,
            env: process.env,
            logFile: path.join(workDir, 'prometheus.log'),
            readyUrl: `http://127.0.0.1:${port}/-/ready`,
            url: `http://127.0.0.1:${port}`,
            timeoutMs: 60_000
        })
    })
    after(async () => {
        await prometheus?.stop()
        await flowise?.stop()
        await stack?.stop()
        if (workDir) rmSync(workDir, { recursive: true, force: true })
    })

    it('serves /metrics only with the bearer token, in Prometheus text or OpenMetrics', async () => {
        assert.equal((await fetch(`${flowise.server.url}/metrics`)).status, 401)
        const text = await fetch(`${flowise.server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
        assert.equal(text.status, 200)
        assert.match(text.headers.get('content-type') ?? '', /^text\/plain;.*version=0\.0\.4/)
        assert.match(await text.text(), /# TYPE gen_ai_client_operation_duration_seconds histogram/)
        const open = await fetch(`${flowise.server.url}/metrics`, {
            headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/openmetrics-text' }
        })
        assert.match(open.headers.get('content-type') ?? '', /^application\/openmetrics-text/)
        assert.match(await open.text(), /# EOF\s*$/)
    })

    it('has the router, catalog and optimizer series after a few predictions, queried from Prometheus', async () => {
        const catalog = await realCatalog()
        const id = await flowise.client.createChatflow('metrics', routerChain(catalog).build().nodes, routerChain(catalog).build().edges)
        for (const question of ['one', 'two', 'three']) await flowise.client.predict(id, question)
        await flowise.client.request('POST', '/orquesta/optimize', { flowData: routerChain(catalog).build() })
        const deadline = Date.now() + 30_000
        let selections: number | undefined
        while (Date.now() < deadline && selections !== 3) {
            selections = await query('sum(model_selections_total{model="budget"})')
            if (selections !== 3) await new Promise((resolve) => setTimeout(resolve, 500))
        }
        assert.equal(selections, 3, 'Prometheus saw three selections of budget')
        assert.equal(await query('sum(gen_ai_client_operation_duration_seconds_count{gen_ai_response_model="budget"})'), 3)
        assert.ok(((await query('sum(gen_ai_client_token_usage_sum{gen_ai_token_type="input"})')) ?? 0) > 0)
        assert.ok(((await query('sum(gen_ai_client_cost_usd_total)')) ?? 0) > 0)
        assert.ok(((await query('orquesta_capability_catalog_nodes')) ?? 0) > 200)
        assert.ok(((await query('sum(orquesta_optimizer_changes_total{pass="add-cache"})')) ?? 0) >= 1)
    })
})
