import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { EvaluationAlerter } from '../../../../plugin/evaluation/alerts/EvaluationAlerter'
import { EvaluationService, type EvaluationServiceOptions } from '../../../../plugin/evaluation/EvaluationService'
import { flowAsker, type PredictFlow } from '../../../../plugin/evaluation/flows/flowAsker'
import { csvSuiteDocument } from '../../../../plugin/evaluation/flows/csvSuite'
import { graderFor } from '../../../../plugin/evaluation/graderFor'
import { slotKey } from '../../../../plugin/evaluation/schedule/EvaluationScheduler'
import { EvaluationStore } from '../../../../plugin/evaluation/store/EvaluationStore'
import { openEvaluationDatabase } from '../../../../plugin/evaluation/store/openEvaluationDatabase'
import { parseSuite } from '../../../../plugin/evaluation/suite/parseSuite'
import { SuiteFormatError } from '../../../../plugin/evaluation/suite/SuiteFormatError'
import { ProxyEndpoint } from '../../../../plugin/litellm/LiteLLMClient'
import { installProviderCallCounting } from '../../../../plugin/optimizer/verify/providerCalls'
import { ModelMeasurements } from '../../../../plugin/router/ModelMeasurements'
import { DATABASE_KINDS, type ScratchDatabase } from '../../../support/databases'
import { answersFrom, codeSuiteYaml } from '../../../support/evaluation'
import { startTestStack, upstream, type TestStack } from '../../../support/stack'

const MODELS = [
    { name: 'alpha', input: 1e-6, output: 2e-6 },
    { name: 'beta', input: 1e-6, output: 2e-6 }
]
const suite = parseSuite(codeSuiteYaml('flow-runs', ['reasoning', 'extraction'], 12), { fileName: 'flow-runs.yaml' })

let stack: TestStack
let scratch: ScratchDatabase
let store: EvaluationStore
const logs: string[] = []
const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) }
/** Predictions in flight are held until released (to stop a run midway). */
let gate: Promise<void> | undefined

/** A "flow" per chatflow id that asks one model of the real proxy (the host's prediction path is the e2e test's part). */
const predict: PredictFlow = async (chatflowId, question) => {
    await gate
    const res = await fetch(`${stack.litellm.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: chatflowId, messages: [{ role: 'user', content: question }] })
    })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return { text: ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content }
}

const service = (overrides: Partial<EvaluationServiceOptions> = {}) => {
    const endpoint = new ProxyEndpoint(stack.litellm.url, stack.masterKey)
    return new EvaluationService({
        store,
        endpoint,
        profiles: async () => [],
        defaultSuite: async () => suite,
        graderFor: (s) => graderFor(endpoint, s, 10_000),
        measurements: new ModelMeasurements(),
        alerter: new EvaluationAlerter({ log }),
        askFlow: flowAsker(predict, 10_000),
        concurrency: 4,
        callTimeoutMs: 10_000,
        comparison: { minPairedCases: 10, practicalThreshold: 0.05 },
        limits: { maxActiveRuns: 5, maxCallsPerRun: 5_000 },
        log,
        ...overrides
    })
}

const flowsSlot = (time: Date) => ({
    schedule: { name: 'flows' as const, cron: '0 4 * * *', timezone: 'UTC' },
    key: slotKey('flows', time),
    time,
    catchUp: false
})

describe('Flow evaluation runs, stored like model runs', { timeout: 240_000 }, () => {
    before(async () => {
        installProviderCallCounting()
        stack = await startTestStack(MODELS)
        for (const model of ['alpha', 'beta']) stack.provider.script(upstream(model), { reply: answersFrom(suite) })
        scratch = await DATABASE_KINDS[0].create()
        store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
    })
    after(async () => {
        await store?.close()
        await scratch?.drop()
        await stack?.stop()
    })

    it('a scheduled slot runs every case through each flow, with latency, cost and provider calls per case', async () => {
        await service().runSlot(flowsSlot(new Date('2026-12-01T04:00:00Z')), [], ['alpha', 'beta'])
        const [run] = await store.listRuns({ limit: 1 })
        assert.equal(run.trigger, 'flows')
        assert.equal(run.status, 'completed')
        assert.deepEqual(run.models, ['flow:alpha', 'flow:beta'])
        const results = await store.results(run.id)
        assert.equal(results.length, 48)
        for (const result of results) {
            assert.equal(result.pass, true)
            assert.equal(result.providerCalls, 1)
            assert.ok(result.latencyMs > 0)
            assert.ok((result.costUsd ?? 0) > 0, 'the proxy priced the call')
        }
    })

    it('alerts a regression of a flow at its next scheduled run, and compares two flows of a run', async () => {
        stack.provider.script(upstream('beta'), { reply: answersFrom(suite, { wrong: ['extraction'] }) })
        await service().runSlot(flowsSlot(new Date('2026-12-02T04:00:00Z')), [], ['alpha', 'beta'])
        assert.ok(
            logs.some((m) => /evaluation regression: .*flow:beta.*extraction/.test(m)),
            logs.join('\n')
        )
        const [run] = await store.listRuns({ limit: 1 })
        const comparison = await service().compareFlows(run.id, 'alpha', 'beta')
        assert.equal(comparison.rows.find((r) => r.scope === 'extraction')?.verdict, 'regression')
        assert.equal(comparison.rows.find((r) => r.scope === 'reasoning')?.verdict, 'no-significant-change')
    })

    it('a run stopped midway keeps its results and resumes where it stopped', async () => {
        let release!: () => void
        gate = new Promise((resolve) => (release = resolve))
        const first = service()
        const started = (await first.start({ flows: ['alpha'], trigger: 'flow-manual' }))!
        const stopping = first.stop()
        release()
        gate = undefined
        await stopping
        const stopped = (await store.getRun(started.run.id))!
        assert.equal(stopped.status, 'incomplete')
        assert.ok(stopped.recordedResults < 24)
        const resumed = await service().resume(started.run.id)
        const finished = await resumed.finished
        assert.equal(finished.run.status, 'completed')
        assert.equal((await store.results(started.run.id)).length, 24, 'each case once')
    })

    it('refuses a run of models and flows at once, and flows without the host', async () => {
        await assert.rejects(service().start({ flows: ['alpha'], models: ['alpha'] }), /either models or flows/)
        const hostless = service({ askFlow: undefined })
        await assert.rejects(hostless.start({ flows: ['alpha'] }), /only inside the Flowise server/)
    })
})

describe('CSV datasets', () => {
    it('become a suite: question, expected (contained, any case), category, id', () => {
        const document = csvSuiteDocument('question,expected,category\n"What is 2+2, really?",4,reasoning\nSay hi,,\n', 'data.csv')
        const parsed = parseSuite(JSON.stringify(document), { fileName: 'data.csv' })
        assert.deepEqual(
            parsed.cases.map((c) => [c.id, c.category, c.messages.at(-1)?.content]),
            [
                ['row-2', 'reasoning', 'What is 2+2, really?'],
                ['row-3', 'instruction-following', 'Say hi']
            ]
        )
    })

    it('names the row or column that is wrong', () => {
        assert.throws(
            () => csvSuiteDocument('text\nhello\n', 'data.csv'),
            (e: unknown) => e instanceof SuiteFormatError && /question/.test(e.message)
        )
        assert.throws(
            () => csvSuiteDocument('question,category\nhi,poetry\n', 'data.csv'),
            (e: unknown) => e instanceof SuiteFormatError && /line 2/.test(e.message)
        )
        assert.throws(() => csvSuiteDocument('question\n"unterminated\n', 'data.csv'), SuiteFormatError)
    })
})
