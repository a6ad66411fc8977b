import { randomUUID } from 'node:crypto'
import { contextForCase, gradeOutput } from '../plugin/evaluation/assertions/gradeOutput'
import { executeRun } from '../plugin/evaluation/runner/executeRun'
import { EvaluationStore } from '../plugin/evaluation/store/EvaluationStore'
import { openEvaluationDatabase } from '../plugin/evaluation/store/openEvaluationDatabase'
import { parseSuite } from '../plugin/evaluation/suite/parseSuite'
import { EVALUATION_CATEGORIES } from '../plugin/evaluation/types'
import { LiteLLMClient, ProxyEndpoint } from '../plugin/litellm/LiteLLMClient'
import { DATABASE_KINDS } from '../test/support/databases'
import { answersFrom, caseResult, codeSuiteYaml } from '../test/support/evaluation'
import { startTestStack, upstream } from '../test/support/stack'
import { median } from './stats'

export interface EvaluationRunFigures {
    readonly calls: number
    readonly wallMs: number
    /** cases × latency ÷ concurrency (ms). */
    readonly idealMs: number
}

/**
 * A real run: `models` stand-in models answering after `latencyMs`, `cases` cases each, at
 * `concurrency`, recorded in SQLite; through the real LiteLLM proxy, or straight to the stand-in
 * provider (which isolates the runner's own overhead from the proxy's).
 */
export const timeEvaluationRun = async (
    models = 5,
    cases = 100,
    concurrency = 8,
    latencyMs = 200,
    via: 'litellm' | 'provider' = 'litellm',
    proxyWorkers = 1
): Promise<EvaluationRunFigures> => {
    const names = Array.from({ length: models }, (_, i) => `model-${i + 1}`)
    const stack = await startTestStack(
        names.map((name) => ({ name, input: 1e-6, output: 2e-6 })),
        { workers: proxyWorkers }
    )
    const scratch = await DATABASE_KINDS[0].create()
    const store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
    try {
        const suite = parseSuite(codeSuiteYaml('bench', EVALUATION_CATEGORIES, cases / EVALUATION_CATEGORIES.length), {
            fileName: 'bench.yaml'
        })
        for (const name of names) stack.provider.script(upstream(name), { reply: answersFrom(suite), latencyMs })
        const proxy = new ProxyEndpoint(stack.litellm.url, stack.masterKey)
        const endpoint = via === 'litellm' ? proxy : new ProxyEndpoint(stack.provider.baseUrl.replace(/\/v1$/, ''), 'sk-stand-in')
        const profiles = new Map(
            (await new LiteLLMClient(proxy).listModels()).map((p) => [via === 'litellm' ? p.name : upstream(p.name), p])
        )
        const evaluated = via === 'litellm' ? names : names.map(upstream)
        const run = (await store.createRun({ id: randomUUID(), suite, trigger: 'bench', models: evaluated, startedAt: Date.now() }))!
        const started = performance.now()
        const outcome = await executeRun(run, suite, {
            store,
            endpoint,
            grade: (testCase, output) => gradeOutput(testCase.assertions, output, contextForCase(testCase)),
            profile: (model) => profiles.get(model),
            concurrency,
            timeoutMs: 60_000
        })
        const wallMs = performance.now() - started
        if (outcome.status !== 'completed' || outcome.recorded !== models * cases)
            throw new Error(`bench run ${outcome.status}: ${outcome.recorded} results`)
        return { calls: outcome.recorded, wallMs, idealMs: (models * cases * latencyMs) / concurrency }
    } finally {
        await store.close()
        await scratch.drop()
        await stack.stop()
    }
}

/** Median time (ms) to record one result, written one after another, on each database kind. */
export const timeResultWrites = async (writes = 1_000): Promise<{ kind: string; ms: number }[]> => {
    const figures: { kind: string; ms: number }[] = []
    for (const { kind, create } of DATABASE_KINDS) {
        const scratch = await create()
        const store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
        try {
            const suite = parseSuite(codeSuiteYaml('writes', ['reasoning'], 1), { fileName: 'writes.yaml' })
            const run = (await store.createRun({ id: 'writes', suite, trigger: 'bench', models: ['m'], startedAt: Date.now() }))!
            const times: number[] = []
            for (let i = 0; i < writes; i++) {
                const result = caseResult({ runId: run.id, model: 'm', caseId: `case-${i}`, output: 'x'.repeat(400) })
                const start = performance.now()
                await store.recordResult(result)
                times.push(performance.now() - start)
            }
            figures.push({ kind, ms: median(times) })
        } finally {
            await store.close()
            await scratch.drop()
        }
    }
    return figures
}
