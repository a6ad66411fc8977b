import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData } from '../../../plugin/flow/flowData'
import { flowTypeOf } from '../../../plugin/flow/flowType'
import { validateFlow } from '../../../plugin/flow/validateFlow'
import { flowEstimator } from '../../../plugin/optimizer/estimateFlow'
import { FlowOptimizationError, optimizeFlow } from '../../../plugin/optimizer/optimizeFlow'
import { CORPUS_FLOWS_DIR, MARKETPLACE_AGENTFLOWS_V2_DIR, realCatalog } from '../../support/catalog'
import { reportMismatches } from '../../support/flowDiff'
import { profile } from '../../support/profiles'

/**
 * Flows of the corpus the optimizer refuses, with the reason that is true of each: a node Flowise
 * 3.1 no longer ships, or one the author patched into their own image (INDEX: "NEEDS CUSTOM NODE").
 */
const REFUSED: Readonly<Record<string, RegExp>> = {
    'supervisor-rag-writefile.json': /node writeFile_0 is of unknown type writeFile/,
    'es-evaluador-tesis-v2.json': /node endAgentflow_0 is of unknown type endAgentflow/
}

/** Flows the INDEX notes as broken though Flowise runs them, with the warning that says what is wrong. */
const WARNED: Readonly<Record<string, RegExp>> = {
    // INDEX: "toolAgentflow node wired after an agent".
    'agent-single-node-not-working.json':
        /toolAgentflow_0 runs customMCP with no input arguments: nothing before it \(an Agent's answer, say\) reaches the tool/
}

let catalog: CapabilityCatalog
const definitions = (name: string) => catalog.get(name)
const constrained = {
    constraints: { maxCostUsd: 0.01, minQuality: 0.5 },
    models: [profile('budget', { quality: { general: 0.6 } }), profile('premium', { quality: { general: 0.95 } })],
    proxyUrl: 'http://127.0.0.1:4000'
}

describe('flows users wrote (../shared/corpus/flows)', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    const files = readdirSync(CORPUS_FLOWS_DIR).filter((f) => f.endsWith('.json'))
    it('the corpus is there', () => assert.ok(files.length >= 30, CORPUS_FLOWS_DIR))

    for (const file of files) {
        it(`${file}: optimizes to a valid copy whose report equals its diff, or is refused for a reason true of it`, () => {
            const flow = parseFlowData(readFileSync(path.join(CORPUS_FLOWS_DIR, file), 'utf8'))
            const expected = REFUSED[file]
            const warnings = validateFlow(flow, definitions).issues.filter((i) => i.severity === 'warning')
            if (WARNED[file])
                assert.ok(
                    warnings.some((w) => WARNED[file].test(w.message)),
                    JSON.stringify(warnings)
                )
            for (const options of [{}, constrained]) {
                if (expected) {
                    assert.throws(
                        () => optimizeFlow(flow, { definitions, ...options }),
                        (e: unknown) => e instanceof FlowOptimizationError && expected.test(e.message)
                    )
                    continue
                }
                const result = optimizeFlow(flow, { definitions, ...options })
                assert.deepEqual(
                    validateFlow(result.flow, definitions).issues.filter((i) => i.severity === 'error'),
                    []
                )
                assert.deepEqual(reportMismatches(flow, result.flow, result.report.changes), [])
                assert.deepEqual(optimizeFlow(result.flow, { definitions, ...options }).report.changes, [], 'a second run changes nothing')
                assert.equal(flowTypeOf(result.flow), flowTypeOf(flow), 'the copy is of the same kind')
            }
        })
    }
})

describe('Agentflow v2 marketplace templates (issue 13 §3)', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    it('every one validates, optimizes to a copy without errors whose report equals its diff, and stays an Agentflow', () => {
        const files = readdirSync(MARKETPLACE_AGENTFLOWS_V2_DIR).filter((f) => f.endsWith('.json'))
        assert.equal(files.length, 13)
        for (const file of files) {
            const flow = parseFlowData(readFileSync(path.join(MARKETPLACE_AGENTFLOWS_V2_DIR, file), 'utf8'))
            assert.equal(flowTypeOf(flow), 'AGENTFLOW', file)
            assert.deepEqual(validateFlow(flow, definitions).issues, [], file)
            for (const options of [{}, constrained]) {
                const result = optimizeFlow(flow, { definitions, ...options })
                assert.ok(result.report.validation.after.valid, file)
                assert.deepEqual(reportMismatches(flow, result.flow, result.report.changes), [], file)
            }
        }
    })

    it('reports what Flowise cannot run in an Agentflow v2: references to missing nodes, unknown models and tools, no Start', () => {
        const flow = parseFlowData(readFileSync(path.join(MARKETPLACE_AGENTFLOWS_V2_DIR, 'Translator.json'), 'utf8'))
        const broken = structuredClone(flow)
        const llm = broken.nodes.find((n) => n.data.name === 'llmAgentflow')!
        llm.data.inputs!.llmModel = 'noSuchModel'
        llm.data.inputs!.llmUserMessage = 'Translate {{ llmAgentflow_9.output.content }} and {{ $flow.state.nothing }}'
        const codes = validateFlow(broken, definitions).issues.map((i) => [i.code, i.severity])
        assert.deepEqual(codes, [
            ['unknown-model', 'error'],
            ['missing-reference', 'error'],
            ['unknown-state', 'warning']
        ])
        const headless = { ...flow, nodes: flow.nodes.filter((n) => n.data.name !== 'startAgentflow') }
        assert.ok(validateFlow(headless, definitions).issues.some((i) => i.code === 'no-start-node' && i.severity === 'error'))
        const stray = structuredClone(flow)
        stray.nodes.push({ ...structuredClone(llm), id: 'llmAgentflow_7', data: { ...structuredClone(llm.data), id: 'llmAgentflow_7' } })
        stray.nodes[stray.nodes.length - 1].data.inputs!.llmModel = 'chatOpenAI'
        stray.nodes[stray.nodes.length - 1].data.inputs!.llmUserMessage = ''
        const report = validateFlow(stray, definitions)
        assert.ok(report.valid)
        assert.deepEqual(
            report.issues.map((i) => i.code),
            ['unreachable-from-start']
        )
        const optimized = optimizeFlow(stray, { definitions })
        assert.ok(!optimized.flow.nodes.some((n) => n.id === 'llmAgentflow_7'), 'no path from Start reaches it: removed')
    })

    it('gives model steps a time limit inside their configs, and estimates calls per request as a range (loops, conditions, iterations)', () => {
        const read = (name: string) => parseFlowData(readFileSync(path.join(MARKETPLACE_AGENTFLOWS_V2_DIR, `${name}.json`), 'utf8'))
        const sql = read('SQL Agent')
        const estimate = flowEstimator(catalog, { profiles: [profile('gpt-4o-mini')], observedLatencyMs: () => undefined })
        const result = optimizeFlow(sql, { definitions, estimate })
        const timed = result.report.changes.filter((c) => c.pass === 'set-timeouts')
        assert.deepEqual(
            timed.map((c) => c.nodeIds[0]),
            ['conditionAgentAgentflow_0'],
            'the only OpenAI config with a blank timeout'
        )
        const config = result.flow.nodes.find((n) => n.id === 'conditionAgentAgentflow_0')!.data.inputs!
            .conditionAgentModelConfig as Record<string, unknown>
        assert.equal(config.timeout, 60_000)
        assert.equal(config.modelName, 'gpt-4o-mini', 'the rest of the config is kept')
        const calls = Object.fromEntries(result.report.estimate!.before.models.map((m) => [m.nodeId, m.calls]))
        // The first LLM step runs once, up to 5 loops more; the branch after the condition may not run at all.
        assert.deepEqual(calls.llmAgentflow_0, { min: 1, typical: 1, max: 6 })
        assert.deepEqual(calls.llmAgentflow_1, { min: 0, typical: 1, max: 1 })
        const iterations = estimate(read('Iterations'))
        assert.equal(iterations.calls.max, undefined, 'an iteration runs once per item, which is not known before the request')
    })
})
