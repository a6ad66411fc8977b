import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { RunRecord } from '../../../plugin/evaluation/store/EvaluationStore'
import { parseSuite } from '../../../plugin/evaluation/suite/parseSuite'
import type { Comparison } from '../../../plugin/evaluation/types'
import { realCatalog } from '../../support/catalog'
import { LangfuseCollector } from '../../support/collectors/langfuseCollector'
import { answersFrom, codeSuiteYaml } from '../../support/evaluation'
import { startTestFlowise, type TestFlowise } from '../../support/flowise'
import { routerChain, toolAgentWith } from '../../support/flows'
import { startTestStack, upstream, type TestStack } from '../../support/stack'
import { waitFor } from '../../support/waitFor'

const MODELS = [
    { name: 'alpha', input: 1e-7, output: 2e-7, tools: true, quality: { general: 0.9 } },
    { name: 'beta', input: 1e-6, output: 2e-6, quality: { general: 0.9 } }
]
const METRICS_TOKEN = 'metrics-token-e2e'
const SUITE_YAML = codeSuiteYaml('e2e', ['reasoning', 'extraction'], 12)
const suite = parseSuite(SUITE_YAML, { fileName: 'e2e.yaml' })

let stack: TestStack
let flowise: TestFlowise
let workDir: string
let webhook: http.Server
let langfuse: LangfuseCollector
const alerts: { text: string }[] = []

const runs = async (): Promise<RunRecord[]> =>
    (await flowise.client.request<{ runs: RunRecord[] }>('GET', '/orquesta/evaluations/runs?limit=100')).runs

/** The model that served the last prediction (chatflow questions start with "Q:"). */
const lastPredictionModel = (): string | undefined =>
    stack.provider.requests.filter((r) => r.body.messages.some((m) => typeof m.content === 'string' && m.content.startsWith('Q: '))).at(-1)
        ?.model

describe('Scheduled evaluations steer the router inside a real Flowise', { timeout: 300_000 }, () => {
    before(async () => {
        workDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-eval-e2e-'))
        const suiteFile = path.join(workDir, 'suite.yaml')
        writeFileSync(suiteFile, SUITE_YAML)
        webhook = http.createServer((req, res) => {
            let body = ''
            req.on('data', (c) => (body += c))
            req.on('end', () => {
                alerts.push(JSON.parse(body) as { text: string })
                res.end('ok')
            })
        })
        await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
        langfuse = await new LangfuseCollector('pk-lf-eval', 'sk-lf-eval').start()
        stack = await startTestStack(MODELS)
        stack.provider.script(upstream('alpha'), { reply: answersFrom(suite, { unknownAnswer: 'alpha says hi' }) })
        stack.provider.script(upstream('beta'), { reply: answersFrom(suite, { unknownAnswer: 'beta says hi' }) })
        flowise = await startTestFlowise({
            LITELLM_PROXY_URL: stack.litellm.url,
            LITELLM_MASTER_KEY: stack.masterKey,
            ORQUESTA_EVAL_SUITE: suiteFile,
            ORQUESTA_EVAL_DAILY_CRON: '*/5 * * * * *',
            ORQUESTA_EVAL_TIMEZONE: 'UTC',
            ORQUESTA_EVAL_PRIMARY_MODELS: 'alpha,beta',
            ORQUESTA_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/slack/T0/B0/token`,
            ORQUESTA_ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
            LANGFUSE_PUBLIC_KEY: 'pk-lf-eval',
            LANGFUSE_SECRET_KEY: 'sk-lf-eval',
            LANGFUSE_HOST: langfuse.url,
            ORQUESTA_TRACE_FLUSH_INTERVAL_MS: '100',
            ORQUESTA_METRICS_TOKEN: METRICS_TOKEN
        })
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
        webhook?.close()
        await langfuse?.stop()
        if (workDir) rmSync(workDir, { recursive: true, force: true })
    })

    it('serves its REST routes only behind Flowise authentication', async () => {
        const anonymous = await fetch(`${flowise.server.url}/api/v1/orquesta/evaluations/runs`)
        assert.equal(anonymous.status, 401)
        const schedules = await flowise.client.request<{ schedules: { name: string; cron: string; next?: string }[] }>(
            'GET',
            '/orquesta/evaluations/schedules'
        )
        assert.deepEqual(
            schedules.schedules.map((s) => [s.name, s.cron]),
            [
                ['daily', '*/5 * * * * *'],
                ['weekly', '0 3 * * 0'],
                ['new-models', '0 */6 * * *']
            ]
        )
    })

    it('flags a category regression at the next scheduled run and the router stops choosing that model for it', async () => {
        const catalog = await realCatalog()
        const flowFor = (taskCategory: string) => {
            const flow = routerChain(catalog, { candidateModels: '["alpha","beta"]', strategy: 'quality-first', taskCategory }).build()
            return flowise.client.createChatflow(`eval e2e: ${taskCategory}`, flow.nodes, flow.edges)
        }
        const [extractionFlow, reasoningFlow] = await Promise.all([flowFor('extraction'), flowFor('reasoning')])

        // The first daily slot measures both models as perfect: equal quality, so the cheaper alpha serves.
        await waitFor(
            'a completed daily run',
            async () => (await runs()).some((r) => r.trigger === 'daily' && r.status === 'completed'),
            60_000
        )
        await flowise.client.predict(extractionFlow, 'extract something')
        assert.equal(lastPredictionModel(), upstream('alpha'))

        // alpha starts answering extraction wrongly.
        const changedAt = Date.now()
        stack.provider.script(upstream('alpha'), { reply: answersFrom(suite, { wrong: ['extraction'], unknownAnswer: 'alpha says hi' }) })
        await waitFor('a regression alert', async () => alerts.some((a) => /alpha \/ extraction/.test(JSON.stringify(a))), 60_000)
        // A run in progress at the change saw both answers; compare a run wholly after it with one wholly before.
        const regressed = await waitFor(
            'a scheduled run started after the change',
            async () => (await runs()).find((r) => r.trigger === 'daily' && r.status === 'completed' && r.startedAt > changedAt),
            60_000
        )
        const previous = (await runs()).find((r) => r.status === 'completed' && (r.finishedAt ?? Infinity) < changedAt)!
        const comparison = await flowise.client.request<Comparison>(
            'GET',
            `/orquesta/evaluations/compare?baseline=${previous.id}&candidate=${regressed.id}`
        )
        const verdict = (model: string, scope: string) => comparison.rows.find((r) => r.model === model && r.scope === scope)?.verdict
        assert.equal(verdict('alpha', 'extraction'), 'regression')
        assert.equal(verdict('alpha', 'reasoning'), 'no-significant-change')
        assert.equal(verdict('beta', 'extraction'), 'no-significant-change')

        await flowise.client.predict(extractionFlow, 'extract something')
        assert.equal(lastPredictionModel(), upstream('beta'), 'extraction now goes to beta')
        await flowise.client.predict(reasoningFlow, 'reason about something')
        assert.equal(lastPredictionModel(), upstream('alpha'), 'reasoning still goes to the cheaper alpha')

        // The regressed run is traced with its scores attached (Langfuse scores on the run's trace).
        const scores = await waitFor('the scores of the regressed run in Langfuse', () => {
            const found = langfuse.events.filter((e) => e.type === 'score-create' && e.body.traceId === regressed.id)
            return found.length > 0 ? found : undefined
        })
        const score = (model: string, category: string) =>
            scores.find((e) => (e.body.metadata as { model: string }).model === model && e.body.name === category)?.body.value
        assert.equal(score('alpha', 'extraction'), 0)
        assert.equal(score('alpha', 'reasoning'), 1)
        assert.equal(score('beta', 'extraction'), 1)

        const metrics = await (
            await fetch(`${flowise.server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
        ).text()
        assert.match(metrics, /orquesta_evaluation_regressions_total\{model="alpha",category="extraction"\} [1-9]/)
        assert.match(metrics, /orquesta_evaluation_score\{model="alpha",category="extraction"\} 0\b/)
        assert.match(metrics, /orquesta_evaluation_last_success_timestamp_seconds\{trigger="daily"\} \d/)

        const board = await flowise.client.request<{ rows: { model: string; rank: number }[] }>(
            'GET',
            '/orquesta/evaluations/leaderboard?category=extraction'
        )
        assert.deepEqual(
            board.rows.map((r) => r.model),
            ['beta', 'alpha']
        )
    })

    it('an agent in a chatflow starts an evaluation through the Evaluation Trigger node and reads the summary', async () => {
        const evaluationAnswers = answersFrom(suite)
        stack.provider.script(upstream('alpha'), {
            reply: (body) => {
                const last = body.messages[body.messages.length - 1]
                if (last.role === 'tool') return { content: `Evaluation: ${String(last.content)}` }
                if (body.tools?.length)
                    return { toolCalls: [{ name: 'evaluation_trigger', arguments: JSON.stringify({ models: ['beta'] }) }] }
                return evaluationAnswers(body)
            }
        })
        const agent = toolAgentWith(
            await realCatalog(),
            'evaluationTrigger',
            { models: '["alpha","beta"]', waitSeconds: 60 },
            {
                candidateModels: '["alpha"]'
            }
        ).build()
        const agentId = await flowise.client.createChatflow('evaluation agent', agent.nodes, agent.edges)
        const answer = await flowise.client.predict(agentId, 'evaluate beta please')
        const summary = JSON.parse(answer.text.replace(/^Evaluation: /, '')) as {
            runId: string
            status: string
            models: { model: string; score: { value: number; n: number } }[]
        }
        assert.equal(summary.status, 'completed')
        assert.deepEqual(
            summary.models.map((m) => [m.model, m.score.value, m.score.n]),
            [['beta', 1, 24]]
        )
        const run = (await runs()).find((r) => r.id === summary.runId)
        assert.equal(run?.trigger, 'tool')
    })

    it('answers bad requests with what is wrong', async () => {
        await assert.rejects(
            flowise.client.request('POST', '/orquesta/evaluations/runs', { models: ['nonexistent'] }),
            /HTTP 400.*Unknown model\(s\) nonexistent/
        )
        await assert.rejects(
            flowise.client.request('POST', '/orquesta/evaluations/runs', { suite: 'name: broken\ncases: []' }),
            /HTTP 400.*cases/
        )
        await assert.rejects(flowise.client.request('GET', '/orquesta/evaluations/runs/no-such-run'), /HTTP 404/)
    })
})
