import { startTestFlowise } from '../test/support/flowise'
import { startTestStack } from '../test/support/stack'
import { coldAndWarmStart, watchLatency } from './capabilities.bench'
import { timeEvaluationRun, timeResultWrites } from './evaluationRun.bench'
import { timeEvaluationStats } from './evaluationStats.bench'
import { metricsOverheadMicros, renderMillis } from './metrics.bench'
import { timeOptimization } from './optimizer.bench'
import { tracingOverhead } from './tracing.bench'
import { compareUnderFaults, FAULT_MODELS } from './faultLoad.bench'
import { comparePredictionLatency } from './predictionOverhead.bench'
import { realCatalog } from '../test/support/catalog'
import { CONSTRAINED, timeSelection, UNCONSTRAINED } from './selectModel.bench'
import { median } from './stats'
import { timeGenerationWithoutLlm, timeGenerationWithPlanner } from './orchestrator.bench'

const fmt = (x: number, digits = 2) => x.toFixed(digits)

/** Figures (a) and (c)–(g): the engine's parts, measured without the router in Flowise. */
const engineFigures = async () => {
    console.log('\n(a) selectModel: time per decision (median of 30 batches of 2,000 decisions)')
    for (const [label, request] of [
        ['constrained request', CONSTRAINED],
        ['unconstrained request (all admitted)', UNCONSTRAINED]
    ] as const) {
        for (const n of [10, 200]) {
            console.log(
                `    ${label}, ${String(n).padStart(3)} candidates: ${fmt(timeSelection(n, request))} µs per decision (goal at 200: < 20 µs)`
            )
        }
    }

    console.log('\n(c) capability catalog')
    const latency = await watchLatency(60)
    console.log(
        `    file write → update event: p50 ${fmt(latency.p50, 1)} ms, p95 ${fmt(latency.p95, 1)} ms over ${latency.n} changes (goal: p95 < 1000 ms)`
    )
    const { cold, warm } = coldAndWarmStart(5)
    const coldMs = median(cold.map((c) => c.ms))
    const warmMs = median(warm.map((w) => w.ms))
    console.log(
        `    cold analysis of every flowise-components node file: ${fmt(coldMs, 0)} ms (${cold[0].files} files, ${cold[0].nodes} nodes, ${cold[0].failures} failed), median of ${cold.length} fresh processes`
    )
    console.log(
        `    warm start from the disk cache: ${fmt(warmMs, 0)} ms (${warm[0].reused} files reused); ratio warm/cold ${fmt(warmMs / coldMs, 3)} (goal: < 0.10)`
    )
    console.log(
        `    memory held by the catalog: ${fmt(median(warm.map((w) => w.heapDeltaBytes)) / 1024 / 1024, 1)} MiB of heap (warm process), ${fmt(warm[0].catalogJsonBytes / 1024 / 1024, 1)} MiB as JSON`
    )

    console.log('\n(d) flow optimizer: validate, and optimize (validate, 7 passes, validate), per shape (median of 5 runs)')
    const timings = timeOptimization(await realCatalog(), [1_000, 10_000])
    for (const t of timings) {
        console.log(
            `    ${t.shape.padEnd(15)} ${String(t.size).padStart(6)} nodes: validate ${fmt(t.validateMs, 1)} ms, optimize ${fmt(t.optimizeMs, 1)} ms (${t.changes} changes)${t.size >= 10_000 ? ' (goal: < 1,000 ms)' : ''}`
        )
    }
    for (const shape of new Set(timings.map((t) => t.shape))) {
        const [small, large] = timings.filter((t) => t.shape === shape)
        console.log(
            `    growth ${shape}: validate ×${fmt(large.validateMs / small.validateMs, 1)}, optimize ×${fmt(large.optimizeMs / small.optimizeMs, 1)} for ×${fmt(large.size / small.size, 1)} the nodes (n log n would be ×13.3)`
        )
    }

    console.log('\n(e) metrics')
    console.log(`    recording one router call: ${fmt(metricsOverheadMicros(), 2)} µs at the median (goal: < 200 µs)`)
    const render = await renderMillis(2_000)
    console.log(`    /metrics render with ${render.series} series: ${fmt(render.ms, 2)} ms at the median (goal: < 20 ms)`)

    const tracing = await tracingOverhead()
    console.log(
        `    router observe hook, metrics only: ${fmt(tracing.metricsMicros, 2)} µs; metrics + tracing to Langfuse and LangSmith: ${fmt(tracing.metricsAndTracingMicros, 2)} µs at the median (goal: < 200 µs)`
    )
    console.log(
        `    trace export in the background (serialize + send to both local collectors): ${fmt(tracing.exportMicrosPerRecord, 1)} µs per router call`
    )

    console.log('\n(f) evaluation statistics (median of 15 runs)')
    const evaluation = timeEvaluationStats(5, 100, 2_000)
    console.log(
        `    compareRuns, 5 models × 100 cases, 2,000 bootstrap resamples per row: ${fmt(evaluation.compareMs, 1)} ms (${evaluation.rows} rows)`
    )
    console.log(`    buildModelReport for the same 5 models: ${fmt(evaluation.reportsMs, 2)} ms`)

    console.log('\n(g) evaluation run: 5 models × 100 cases, concurrency 8, stand-in latency 200 ms, results in SQLite')
    for (const [label, via, workers] of [
        ['through the LiteLLM proxy, 1 worker: ', 'litellm', 1],
        ['through the LiteLLM proxy, 2 workers:', 'litellm', 2],
        ['straight to the stand-in provider:    ', 'provider', 1]
    ] as const) {
        const run = await timeEvaluationRun(5, 100, 8, 200, via, workers)
        console.log(
            `    ${label} ${fmt(run.wallMs / 1000, 2)} s for ${run.calls} calls; ideal ${fmt(run.idealMs / 1000, 2)} s; ratio ${fmt(run.wallMs / run.idealMs, 3)} (goal: ≤ 1.1)`
        )
    }
    for (const { kind, ms } of await timeResultWrites(1_000)) {
        console.log(`    store write per result (${kind}, one after another, median of 1,000): ${fmt(ms, 3)} ms`)
    }
}

/** Figure (h): the orchestrator's generation time, without and with an LLM planner call. */
const orchestratorFigures = async () => {
    console.log('\n(h) orchestrator: generation time per request (60 hand-written requests, full stock catalog)')
    const rules = await timeGenerationWithoutLlm(Number(process.env.BENCH_ORCHESTRATOR_ROUNDS ?? 5))
    console.log(
        `    without an LLM call (rules planner, ${rules.catalogNodes} catalog nodes): p50 ${fmt(rules.p50Ms)} ms, p95 ${fmt(rules.p95Ms)} ms over ${rules.n} generations (goal: p95 < 50 ms)`
    )
    const llm = await timeGenerationWithPlanner(Number(process.env.BENCH_ORCHESTRATOR_LLM_REQUESTS ?? 30), 800)
    console.log(
        `    with the LLM planner, stand-in model answering after 800 ms: mean ${fmt(llm.meanMs, 0)} ms, p50 ${fmt(llm.p50Ms, 0)} ms, p95 ${fmt(llm.p95Ms, 0)} ms over ${llm.n} (goal: p95 < 2,000 ms); ratio p95/800 ms ${fmt(llm.p95Ms / 800, 3)}`
    )
}

const main = async () => {
    console.log(`Orquesta benchmarks — ${new Date().toISOString()}, node ${process.version}`)
    // BENCH_ONLY=orchestrator runs only the orchestrator's figures.
    if (process.env.BENCH_ONLY === 'orchestrator') return orchestratorFigures()
    if (process.env.BENCH_ONLY !== 'router') await orchestratorFigures()
    // BENCH_ONLY=router runs only the router's figures in a real Flowise ((b) and (b2)).
    if (process.env.BENCH_ONLY !== 'router') await engineFigures()

    // A median of fewer predictions moves by about ±0.4 ms from run to run, more than the goal's 2%.
    const runs = Number(process.env.BENCH_RUNS ?? 1_000)
    console.log(`\n(b) prediction latency, LLM chain in a real Flowise, ${runs} predictions per flow, alternating:`)
    const stack = await startTestStack()
    const flowise = await startTestFlowise()
    try {
        const { router, stock, pairedDifferenceMs } = await comparePredictionLatency(stack, flowise, runs)
        console.log(`    stock ChatLitellm node: median ${fmt(stock.medianMs)} ms, p95 ${fmt(stock.p95Ms)} ms`)
        console.log(`    LiteLLM Router node:    median ${fmt(router.medianMs)} ms, p95 ${fmt(router.p95Ms)} ms`)
        console.log(
            `    ratio router/stock:     median ${fmt(router.medianMs / stock.medianMs, 3)}, p95 ${fmt(router.p95Ms / stock.p95Ms, 3)} (goal: ≤ 1.02)`
        )
        console.log(
            `    paired difference:      median ${fmt(pairedDifferenceMs)} ms per prediction (ratio ${fmt((stock.medianMs + pairedDifferenceMs) / stock.medianMs, 3)})`
        )
        console.log(
            `    CPU per prediction, Flowise process: router ${fmt(router.flowiseCpuMs)} ms, stock ${fmt(stock.flowiseCpuMs)} ms (ratio ${fmt(router.flowiseCpuMs / stock.flowiseCpuMs, 3)}); LiteLLM proxy: router ${fmt(router.proxyCpuMs)} ms, stock ${fmt(stock.proxyCpuMs)} ms (ratio ${fmt(router.proxyCpuMs / stock.proxyCpuMs, 3)})`
        )
    } finally {
        await flowise.stop()
        await stack.stop()
    }

    const [count, concurrency] = [Number(process.env.BENCH_FAULT_REQUESTS ?? 300), 50]
    console.log(
        `\n(b2) fault load: ${count} predictions, ${concurrency} at a time, alternately streaming; upstreams failing every other call, hanging, healthy`
    )
    const faultStack = await startTestStack(FAULT_MODELS)
    const faultFlowise = await startTestFlowise({ LITELLM_PROXY_URL: faultStack.litellm.url, LITELLM_MASTER_KEY: faultStack.masterKey })
    try {
        const { router, stock } = await compareUnderFaults(faultStack, faultFlowise, await realCatalog(), count, concurrency)
        for (const [label, f] of [
            ['LiteLLM Router (all three, fallbacks)', router],
            ['stock ChatLitellm (the failing model)  ', stock]
        ] as const) {
            console.log(
                `    ${label}: errors ${fmt(f.errorRate * 100, 1)}%, p50 ${fmt(f.p50Ms, 0)} ms, p95 ${fmt(f.p95Ms, 0)} ms, max ${fmt(f.maxMs, 0)} ms, ${fmt(f.upstreamCallsPerRequest, 2)} upstream calls per request`
            )
        }
    } finally {
        await faultFlowise.stop()
        await faultStack.stop()
    }
}

main().catch((error) => {
    console.error(error)
    process.exit(1)
})
