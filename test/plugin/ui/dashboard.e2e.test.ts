import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import type { RunRecord } from '../../../plugin/evaluation/store/EvaluationStore'
import { parseSuite } from '../../../plugin/evaluation/suite/parseSuite'
import type { Comparison, ModelReport } from '../../../plugin/evaluation/types'
import { ROOT } from '../../../scripts/lib/paths'
import { startFlowise } from '../../../scripts/lib/flowiseServer'
import { freePort, type Service } from '../../../scripts/lib/processes'
import { launchChromium, signUpAndSignIn } from '../../support/browser'
import { realCatalog } from '../../support/catalog'
import { answersFrom, codeSuiteYaml } from '../../support/evaluation'
import { apiKeyOf, FlowiseClient } from '../../support/flowise'
import { routerChain } from '../../support/flows'
import { startTestStack, upstream, type TestStack } from '../../support/stack'
import { waitFor } from '../../support/waitFor'

const MODELS = [
    { name: 'alpha', input: 1e-7, output: 2e-7, quality: { general: 0.9 } },
    { name: 'beta', input: 1e-6, output: 2e-6, quality: { general: 0.9 } },
    { name: 'gamma', input: 1e-6, output: 2e-6, quality: { general: 0.5 } }
]
const SUITE_YAML = codeSuiteYaml('ui-e2e', ['reasoning', 'extraction'], 12)
const suite = parseSuite(SUITE_YAML, { fileName: 'ui-e2e.yaml' })
/** Two models × 24 cases fit; every served model (three) does not. */
const MAX_CALLS = 48
const OUTPUT_DIR = path.join(ROOT, 'test-output', 'ui')

let stack: TestStack
let server: Service
let client: FlowiseClient
let browser: Browser
let page: Page
let workDir: string

const runs = async (): Promise<RunRecord[]> =>
    (await client.request<{ runs: RunRecord[] }>('GET', '/orquesta/evaluations/runs?limit=100')).runs
const rowsOf = (table: string) =>
    page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')))
const text = async (selector: string) => (await page.textContent(selector)) ?? ''
const reload = async () => {
    await page.goto(`${server.url}/orquesta/ui/`)
    await page.waitForSelector('body[data-loaded]', { timeout: 60_000 })
}

describe('The Orquesta page in a real browser, signed in through Flowise', { timeout: 600_000 }, () => {
    before(async () => {
        mkdirSync(OUTPUT_DIR, { recursive: true })
        workDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-ui-e2e-'))
        const suiteFile = path.join(workDir, 'suite.yaml')
        writeFileSync(suiteFile, SUITE_YAML)
        stack = await startTestStack(MODELS)
        for (const model of ['alpha', 'beta', 'gamma']) stack.provider.script(upstream(model), { reply: answersFrom(suite) })
        server = await startFlowise({
            port: await freePort(),
            dataDir: path.join(workDir, 'flowise'),
            env: {
                LITELLM_PROXY_URL: stack.litellm.url,
                LITELLM_MASTER_KEY: stack.masterKey,
                ORQUESTA_EVAL_SUITE: suiteFile,
                // Schedules on (the page shows their next times) but not firing during the test.
                ORQUESTA_EVAL_DAILY_CRON: '0 0 1 1 *',
                ORQUESTA_EVAL_NEW_MODELS_CRON: '0 0 1 1 *',
                ORQUESTA_EVAL_TIMEZONE: 'UTC',
                ORQUESTA_EVAL_MAX_CALLS_PER_RUN: String(MAX_CALLS)
            }
        })
        browser = await launchChromium()
        page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
        await signUpAndSignIn(page, server.url)
        client = new FlowiseClient(server.url, await apiKeyOf(server.url))
    })
    after(async () => {
        await browser?.close()
        await server?.stop()
        await stack?.stop()
        if (workDir) rmSync(workDir, { recursive: true, force: true })
    })

    it('serves the page to a typed URL and its data only to a signed-in session', async () => {
        const anonymous = await fetch(`${server.url}/api/v1/orquesta/ui/data`)
        assert.equal(anonymous.status, 401, 'no data without a session or an API key')
        const shell = await fetch(`${server.url}/orquesta/ui/`)
        assert.equal(shell.status, 200)
        assert.match(shell.headers.get('content-security-policy') ?? '', /script-src 'self'/)
        const uplot = await fetch(`${server.url}/orquesta/ui/uplot.js`)
        assert.equal(uplot.status, 200, 'the charting library is served by the plugin (no CDN)')

        // A fresh browser without the session sees a sign-in link, not data.
        const stranger = await browser.newPage()
        await stranger.goto(`${server.url}/orquesta/ui/`)
        await stranger.waitForSelector('#status a[href="/signin"]', { timeout: 30_000 })
        await stranger.close()

        await reload()
        assert.match(await text('#status'), /^Updated /)
    })

    it('renders every panel from runs the test performed', async () => {
        // The button, with the quota check: every served model is over the per-run call limit.
        await reload()
        await page.click('#start-button')
        await page.waitForSelector('#start-result.error', { timeout: 30_000 })
        assert.match(await text('#start-result'), /ORQUESTA_EVAL_MAX_CALLS_PER_RUN/)
        await page.fill('#start-models', 'alpha, beta')
        await page.click('#start-button')
        const runId = await page
            .waitForSelector('#start-result[data-run-id]', { timeout: 30_000 })
            .then((e) => e.getAttribute('data-run-id'))
        await waitFor(
            'the run started from the page to complete',
            async () => (await runs()).find((r) => r.id === runId && r.status === 'completed'),
            120_000
        )

        // alpha starts answering extraction wrongly: the next run is a regression for it.
        stack.provider.script(upstream('alpha'), { reply: answersFrom(suite, { wrong: ['extraction'] }) })
        const second = await client.request<{ run: RunRecord }>('POST', '/orquesta/evaluations/runs', {
            models: ['alpha', 'beta'],
            waitMs: 120_000
        })
        assert.equal(second.run.status, 'completed')

        // Two flows on the same cases: a router chain on alpha and one on beta.
        const catalog = await realCatalog()
        const chain = (model: string) => {
            const flow = routerChain(catalog, { candidateModels: JSON.stringify([model]) }, '{question}').build()
            return client.createChatflow(`ui e2e on ${model}`, flow.nodes, flow.edges)
        }
        const [onAlpha, onBeta] = await Promise.all([chain('alpha'), chain('beta')])
        const flowRun = await client.request<{ run: RunRecord; reports: ModelReport[] }>('POST', '/orquesta/evaluations/flows/runs', {
            flows: [onAlpha, onBeta],
            waitMs: 120_000
        })
        assert.equal(flowRun.run.status, 'completed')
        for (const report of flowRun.reports)
            assert.equal(report.performance.errorRate.value, 0, `${report.model} answered every case: ${report.recommendations.join(' ')}`)
        const flowComparison = await client.request<Comparison>(
            'GET',
            `/orquesta/evaluations/flows/compare?run=${flowRun.run.id}&baseline=${onAlpha}&candidate=${onBeta}`
        )
        const extractionVerdict = flowComparison.rows.find((r) => r.scope === 'extraction')
        assert.equal(extractionVerdict?.verdict, 'improvement', extractionVerdict?.reason)

        await reload()
        await page.screenshot({ path: path.join(OUTPUT_DIR, 'page.png'), fullPage: true })

        // Leaderboard per category with intervals.
        const overall = await rowsOf('#leaderboard')
        assert.deepEqual(overall.map((r) => r[1]).sort(), ['alpha', 'beta'])
        assert.match(overall[0][2], /^\d+\.\d% \[\d+\.\d%, \d+\.\d%\] n=24$/)
        await page.selectOption('#leaderboard-scope', 'extraction')
        const extraction = await rowsOf('#leaderboard')
        assert.deepEqual(
            extraction.map((r) => [r[0], r[1], r[2].split(' ')[0]]),
            [
                ['1', 'beta', '100.0%'],
                ['2', 'alpha', '0.0%']
            ]
        )

        // Trends: one point per run and model, in both plots.
        for (const plot of ['#score-plot', '#latency-plot']) {
            assert.equal(await page.locator(`${plot} canvas`).count(), 1, `${plot} draws a chart`)
            const legend = await text(`${plot} .u-legend`)
            assert.match(legend, /alpha/)
            assert.match(legend, /beta/)
        }

        // The regression, with its figures.
        const changes = await rowsOf('#changes')
        const regression = changes.find((r) => r[0] === 'regression' && r[1] === 'alpha' && r[2] === 'extraction')
        assert.ok(regression, `alpha's extraction regression is listed: ${JSON.stringify(changes)}`)
        assert.equal(regression[3], '100.0% → 0.0%')
        assert.equal(regression[5], '12')

        // Flow evaluations and their comparison.
        const flowRows = await rowsOf(`#flow-run-${flowRun.run.id}`)
        assert.deepEqual(flowRows.map((r) => r[0]).sort(), ['ui e2e on alpha', 'ui e2e on beta'])
        for (const row of flowRows) assert.equal(row[5], '1.00', 'one provider call per case through a one-model chain')
        const compared = await rowsOf(`#flow-run-${flowRun.run.id}-comparison`)
        const extractionRow = compared.find((r) => r[1] === 'extraction')
        assert.equal(extractionRow?.[0], 'ui e2e on beta vs ui e2e on alpha')
        assert.equal(extractionRow?.[2], 'improvement')

        // Routing decisions: the flow run went through the router, 24 answers per model.
        const routing = await rowsOf('#routing-models')
        assert.deepEqual(routing.map((r) => [r[0], r[1], r[2]]).sort(), [
            ['alpha', '24', '50.0%'],
            ['beta', '24', '50.0%']
        ])
        assert.match(await text('#routing-summary'), /^48 calls since .*48 answered, 0 failed/)

        // The capability catalog with its load failures, as the REST route reports them.
        const capabilities = await client.request<{ total: number; failures: unknown[] }>('GET', '/orquesta/capabilities?q=zzzz-none')
        assert.match(
            await text('#catalog-summary'),
            new RegExp(`^${capabilities.total} nodes: .*${capabilities.failures.length} files failed to load`)
        )
        assert.ok(capabilities.total > 200)
        const failures = await rowsOf('#catalog-failures')
        assert.equal(
            capabilities.failures.length === 0 ? failures[0][0] : failures.length,
            capabilities.failures.length === 0 ? 'Every node file loaded.' : capabilities.failures.length
        )

        // Schedules and their next times.
        const schedules = await rowsOf('#schedules')
        assert.deepEqual(
            schedules.map((r) => r[0]),
            ['daily', 'weekly', 'new-models']
        )
        for (const row of schedules) assert.match(row[3], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)

        for (const panel of ['leaderboard', 'trends', 'changes', 'flows', 'routing', 'catalog', 'schedules', 'runs', 'start'])
            await page.locator(`#${panel}-panel`).screenshot({ path: path.join(OUTPUT_DIR, `${panel}.png`) })
    })
})
