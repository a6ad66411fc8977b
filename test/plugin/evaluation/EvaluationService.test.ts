import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { EvaluationAlerter } from '../../../plugin/evaluation/alerts/EvaluationAlerter'
import { EvaluationService, type EvaluationServiceOptions } from '../../../plugin/evaluation/EvaluationService'
import { graderFor } from '../../../plugin/evaluation/graderFor'
import { EvaluationStore } from '../../../plugin/evaluation/store/EvaluationStore'
import { openEvaluationDatabase } from '../../../plugin/evaluation/store/openEvaluationDatabase'
import { parseSuite } from '../../../plugin/evaluation/suite/parseSuite'
import type { EvaluationSuite } from '../../../plugin/evaluation/types'
import { LiteLLMClient, ProxyEndpoint } from '../../../plugin/litellm/LiteLLMClient'
import { ModelMeasurements } from '../../../plugin/router/ModelMeasurements'
import { DATABASE_KINDS, type ScratchDatabase } from '../../support/databases'
import { answersFrom, codeSuiteYaml } from '../../support/evaluation'
import { startTestStack, upstream, type TestStack } from '../../support/stack'

const MODELS = [
    { name: 'alpha', input: 1e-6, output: 2e-6, quality: { general: 0.5 } },
    { name: 'beta', input: 2e-6, output: 4e-6, quality: { general: 0.9 } },
    { name: 'broken', input: 1e-6, output: 1e-6 },
    { name: 'judge', input: 1e-7, output: 1e-7 }
]

/** 12 reasoning and 12 extraction cases. */
const suite: EvaluationSuite = parseSuite(codeSuiteYaml('service-test', ['reasoning', 'extraction'], 12), { fileName: 'service-test.yaml' })

let stack: TestStack
let scratch: ScratchDatabase
let store: EvaluationStore
let webhook: http.Server
const webhookBodies: { text: string; blocks: unknown[] }[] = []
const logs: string[] = []

const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) }

const service = (overrides: Partial<EvaluationServiceOptions> = {}) => {
    const endpoint = new ProxyEndpoint(stack.litellm.url, stack.masterKey)
    return new EvaluationService({
        store,
        endpoint,
        profiles: () => new LiteLLMClient(endpoint).listModels(),
        defaultSuite: async () => suite,
        graderFor: (s) => graderFor(endpoint, s, 10_000),
        measurements: new ModelMeasurements(),
        alerter: new EvaluationAlerter({
            log,
            webhook: { url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/T000/B000/secret`, allowPrivate: true }
        }),
        concurrency: 4,
        callTimeoutMs: 10_000,
        comparison: { minPairedCases: 10, practicalThreshold: 0.05 },
        limits: { maxActiveRuns: 5, maxCallsPerRun: 5_000 },
        log,
        ...overrides
    })
}

describe('EvaluationService with a real LiteLLM proxy', { timeout: 240_000 }, () => {
    before(async () => {
        stack = await startTestStack(MODELS)
        scratch = await DATABASE_KINDS[0].create()
        store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
        webhook = http.createServer((req, res) => {
            let body = ''
            req.on('data', (c) => (body += c))
            req.on('end', () => {
                webhookBodies.push(JSON.parse(body) as { text: string; blocks: unknown[] })
                res.end('ok')
            })
        })
        await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
    })
    after(async () => {
        webhook?.close()
        await store?.close()
        await scratch?.drop()
        await stack?.stop()
    })
    beforeEach(() => {
        stack.provider.reset()
        stack.provider.script(upstream('alpha'), { reply: answersFrom(suite) })
        stack.provider.script(upstream('beta'), { reply: answersFrom(suite, { wrong: ['extraction'] }) })
        stack.provider.script(upstream('broken'), { failWith: { status: 500, message: 'upstream exploded' } })
    })

    it('measures every case of every model, records provider errors as errors, and never serves a cached answer', async () => {
        const evaluation = service()
        const started = await evaluation.start({ models: ['alpha', 'beta', 'broken'] })
        assert.ok(started)
        const { run, reports } = await started.finished
        assert.equal(run.status, 'completed')
        assert.equal(run.recordedResults, 72)
        const byModel = new Map(reports.map((r) => [r.model, r]))
        assert.equal(byModel.get('alpha')?.quality.overall.value, 1)
        assert.equal(byModel.get('beta')?.quality.categories.extraction?.score.value, 0)
        assert.equal(byModel.get('beta')?.quality.categories.reasoning?.score.value, 1)
        const broken = byModel.get('broken')!
        assert.equal(broken.performance.errorRate.value, 1)
        assert.equal(broken.quality.overall.n, 0, 'an error is not a wrong answer')
        const results = await store.results(run.id, 'alpha')
        for (const r of results) {
            assert.ok(r.latencyMs > 0 && r.ttftMs !== undefined && r.ttftMs <= r.latencyMs, `${r.caseId} timings`)
            assert.ok(r.inputTokens && r.outputTokens, `${r.caseId} usage`)
            assert.ok(Math.abs(r.costUsd! - (r.inputTokens! * 1e-6 + r.outputTokens! * 2e-6)) < 1e-12, `${r.caseId} cost`)
        }
        assert.match((await store.results(run.id, 'broken'))[0].error ?? '', /500|exploded/)
        // A second run asks the provider again for every case: nothing came from a cache.
        const before = stack.provider.requestsFor(upstream('alpha')).length
        await (await evaluation.start({ models: ['alpha'] }))!.finished
        assert.equal(stack.provider.requestsFor(upstream('alpha')).length - before, 24)
    })

    it('flags a significant regression against the previous run, alerts, and updates the measurements', async () => {
        const measurements = new ModelMeasurements()
        const evaluation = service({ measurements })
        await (await evaluation.start({ models: ['alpha'] }))!.finished
        assert.equal(measurements.get('alpha')?.quality.extraction, 1)
        webhookBodies.length = 0
        stack.provider.script(upstream('alpha'), { reply: answersFrom(suite, { wrong: ['extraction'] }) })
        const second = await (await evaluation.start({ models: ['alpha'] }))!.finished
        const regressions = second.comparisons.flatMap((c) => c.regressions)
        // Half the cases went wrong: the extraction category and the model overall regressed.
        assert.deepEqual(regressions.map((r) => `${r.model}/${r.scope}`).sort(), ['alpha/extraction', 'alpha/overall'])
        const verdicts = Object.fromEntries(second.comparisons[0].rows.map((r) => [r.scope, r.verdict]))
        assert.equal(verdicts.reasoning, 'no-significant-change')
        assert.equal(measurements.get('alpha')?.quality.extraction, 0)
        assert.equal(measurements.get('alpha')?.quality.reasoning, 1)
        assert.equal(webhookBodies.length, 1)
        assert.match(webhookBodies[0].text, /2 significant regression\(s\) and 0 improvement/)
        assert.ok(logs.some((l) => /evaluation regression: alpha \/ extraction/.test(l)))
        assert.ok(!JSON.stringify(logs).includes('secret'), 'the webhook URL (its secret) is not logged')

        // alpha recovers: the next run reports the change back as a significant improvement.
        stack.provider.script(upstream('alpha'), { reply: answersFrom(suite) })
        const third = await (await evaluation.start({ models: ['alpha'] }))!.finished
        const improved = third.comparisons.flatMap((c) => c.rows.filter((r) => r.verdict === 'improvement'))
        assert.deepEqual(improved.map((r) => `${r.model}/${r.scope}`).sort(), ['alpha/extraction', 'alpha/overall'])
        assert.equal(third.comparisons[0].regressions.length, 0)
        assert.equal(webhookBodies.length, 2)
        assert.match(webhookBodies[1].text, /0 significant regression\(s\) and 2 improvement/)
        assert.ok(logs.some((l) => /evaluation improvement: alpha \/ extraction/.test(l)))
        assert.equal(measurements.get('alpha')?.quality.extraction, 1)
    })

    it('stops a run between calls, marks it incomplete, and resumes it without repeating recorded cases', async () => {
        stack.provider.script(upstream('alpha'), { reply: answersFrom(suite), latencyMs: 100 })
        const first = service({ concurrency: 2 })
        const started = (await first.start({ models: ['alpha'] }))!
        while (((await store.getRun(started.run.id))?.recordedResults ?? 0) < 4) await new Promise((r) => setTimeout(r, 20))
        await first.stop()
        const stopped = await started.finished
        assert.equal(stopped.run.status, 'incomplete')
        assert.ok(stopped.run.recordedResults < 24)
        const requestsBefore = stack.provider.requestsFor(upstream('alpha')).length
        const resumed = await (await service().resume(started.run.id)).finished
        assert.equal(resumed.run.status, 'completed')
        assert.equal(resumed.run.recordedResults, 24)
        assert.equal(stack.provider.requestsFor(upstream('alpha')).length - requestsBefore, 24 - stopped.run.recordedResults)
        await assert.rejects(service().resume(started.run.id), /only incomplete or failed runs/)
    })

    it('grades llm-rubric cases with the suite pinned judge at its pinned temperature', async () => {
        const judged = parseSuite(
            [
                'name: judged',
                'judge: {model: judge, temperature: 0.25}',
                'cases:',
                '  - id: polite',
                '    category: instruction-following',
                '    prompt: "Say hello politely"',
                '    assert: [{type: llm-rubric, rubric: "The answer is polite"}]'
            ].join('\n'),
            { fileName: 'judged.yaml' }
        )
        stack.provider.script(upstream('judge'), { reply: '{"pass": true, "score": 0.8, "reason": "courteous"}' })
        const { reports } = await (await service().start({ models: ['alpha'], suite: judged }))!.finished
        assert.equal(reports[0].quality.overall.value, 0.8)
        const judgeCall = stack.provider.requestsFor(upstream('judge')).at(-1)!
        assert.equal(judgeCall.body.temperature, 0.25)
        // A judge that fails is not a wrong answer: the case is an error.
        stack.provider.script(upstream('judge'), { failWith: { status: 503, message: 'judge overloaded' } })
        const down = await (await service().start({ models: ['alpha'], suite: judged }))!.finished
        assert.equal(down.reports[0].quality.overall.n, 0)
        assert.equal(down.reports[0].performance.errorRate.value, 1)
        const [result] = await store.results(down.run.id)
        assert.match(result.error ?? '', /judge could not grade/)
        assert.ok(result.output, 'the answer is kept')
    })

    it('evaluates models that appeared in the proxy at the new-models check, and marks removed ones', async () => {
        await store.markModelsSeen(['retired'], 1000)
        stack.provider.script(upstream('judge'), { reply: answersFrom(suite) })
        const before = await store.listRuns({ limit: 1000 })
        const slot = {
            schedule: { name: 'new-models' as const, cron: '0 */6 * * *', timezone: 'UTC' },
            key: 'new-models@test',
            time: new Date(),
            catchUp: false
        }
        await service().runSlot(slot, [])
        const added = (await store.listRuns({ limit: 1000 })).filter((r) => !before.some((b) => b.id === r.id))
        // alpha, beta and broken were evaluated by earlier tests; only judge is new.
        assert.deepEqual(
            added.map((r) => [r.trigger, r.slotKey, r.models, r.status]),
            [['new-models', 'new-models@test', ['judge'], 'completed']]
        )
        const known = new Map((await store.knownModels()).map((m) => [m.model, m]))
        assert.ok(known.get('retired')?.removedAt, 'a model the proxy no longer serves is marked removed')
        assert.equal(known.get('judge')?.removedAt, undefined)
        await service().runSlot({ ...slot, key: 'new-models@later' }, [])
        assert.equal((await store.listRuns({ limit: 1000 })).length, before.length + 1, 'nothing new: no run')
    })

    it('refuses a run over the calls cap or the active-runs cap, recording nothing', async () => {
        const before = (await store.listRuns({ limit: 1000 })).length
        await assert.rejects(service({ limits: { maxActiveRuns: 5, maxCallsPerRun: 47 } }).start({ models: ['alpha', 'beta'] }), {
            name: 'EvaluationRefusedError',
            code: 'too-many-calls',
            status: 400,
            message: /48 calls \(models × cases × repeats\); at most 47 \(ORQUESTA_EVAL_MAX_CALLS_PER_RUN\)/
        })
        await store.createRun({ id: 'occupying', suite, trigger: 'manual', models: ['alpha'], startedAt: Date.now() })
        await assert.rejects(service({ limits: { maxActiveRuns: 1, maxCallsPerRun: 5_000 } }).start({ models: ['alpha'] }), {
            code: 'too-many-active-runs',
            status: 429,
            message: /1 evaluation runs are queued or running; at most 1 \(ORQUESTA_EVAL_MAX_ACTIVE_RUNS\)/
        })
        await store.finishRun('occupying', 'failed', Date.now(), 'test')
        assert.equal((await store.listRuns({ limit: 1000 })).length, before + 1)
    })

    it('checks the daily budget before a run (estimate from the proxy prices) and stops a run that spends it', async () => {
        const limits = (dailyBudgetUsd: number) => ({ maxActiveRuns: 5, maxCallsPerRun: 5_000, dailyBudgetUsd })
        const spent = await store.costSince(Date.now() - 86_400_000)
        await assert.rejects(service({ limits: limits(spent + 1e-9) }).start({ models: ['beta'] }), {
            code: 'over-daily-budget',
            status: 402,
            message:
                /the run is estimated at .* USD and evaluations spent .* USD today; the daily budget is .* \(ORQUESTA_EVAL_DAILY_BUDGET_USD\)/
        })
        // One-token answers estimated, 300-token answers given: the estimate passes, the actual cost stops the run.
        const terse = parseSuite(
            JSON.stringify({
                name: 'terse',
                cases: Array.from({ length: 20 }, (_, i) => ({
                    id: `t${i}`,
                    category: 'reasoning',
                    prompt: `say ${i}`,
                    maxTokens: 1,
                    assert: [{ type: 'contains', value: 'word' }]
                }))
            }),
            { fileName: 'terse.json' }
        )
        stack.provider.script(upstream('beta'), { reply: 'word', usage: { prompt_tokens: 3, completion_tokens: 300 } })
        const started = (await service({ concurrency: 1, limits: limits(spent + 0.005) }).start({ models: ['beta'], suite: terse }))!
        const finished = await started.finished
        assert.equal(finished.run.status, 'incomplete')
        assert.match(
            finished.run.error ?? '',
            /stopped over budget: evaluations spent .* USD today, the daily budget is .* USD \(ORQUESTA_EVAL_DAILY_BUDGET_USD\)/
        )
        assert.ok(finished.run.recordedResults >= 1 && finished.run.recordedResults < 20, `${finished.run.recordedResults} results`)
    })

    it('refuses models the proxy does not serve', async () => {
        await assert.rejects(service().start({ models: ['alpha', 'nonexistent'] }), /Unknown model\(s\) nonexistent/)
    })
})
