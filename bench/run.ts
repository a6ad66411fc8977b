import { startTestFlowise } from '../test/support/flowise'
import { startTestStack } from '../test/support/stack'
import { comparePredictionLatency } from './predictionOverhead.bench'
import { CONSTRAINED, timeSelection, UNCONSTRAINED } from './selectModel.bench'

const fmt = (x: number, digits = 2) => x.toFixed(digits)

const main = async () => {
    console.log(`Orquesta benchmarks — ${new Date().toISOString()}, node ${process.version}`)
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

    const runs = Number(process.env.BENCH_RUNS ?? 100)
    console.log(`\n(b) prediction latency, LLM chain in a real Flowise, ${runs} predictions per flow, alternating:`)
    const stack = await startTestStack()
    const flowise = await startTestFlowise()
    try {
        const { router, stock } = await comparePredictionLatency(stack, flowise, runs)
        console.log(`    stock ChatLitellm node: median ${fmt(stock.medianMs)} ms, p95 ${fmt(stock.p95Ms)} ms`)
        console.log(`    LiteLLM Router node:    median ${fmt(router.medianMs)} ms, p95 ${fmt(router.p95Ms)} ms`)
        console.log(
            `    ratio router/stock:     median ${fmt(router.medianMs / stock.medianMs, 3)}, p95 ${fmt(router.p95Ms / stock.p95Ms, 3)} (goal: ≤ 1.02)`
        )
    } finally {
        await flowise.stop()
        await stack.stop()
    }
}

main().catch((error) => {
    console.error(error)
    process.exit(1)
})
