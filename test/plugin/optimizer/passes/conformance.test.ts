import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData, type FlowData } from '../../../../plugin/flow/flowData'
import { flowTypeOf } from '../../../../plugin/flow/flowType'
import { validateFlow } from '../../../../plugin/flow/validateFlow'
import { optimizeFlow } from '../../../../plugin/optimizer/optimizeFlow'
import { PASSES } from '../../../../plugin/optimizer/passes'
import type { OptimizerContext } from '../../../../plugin/optimizer/types'
import { MARKETPLACE_AGENTFLOWS_DIR, MARKETPLACE_AGENTFLOWS_V2_DIR, MARKETPLACE_DIR, realCatalog } from '../../../support/catalog'
import { reportMismatches } from '../../../support/flowDiff'
import { litellmChain, routerChain } from '../../../support/flows'
import { profile } from '../../../support/profiles'

/** Marketplace chatflows, Agentflow v1 and v2 templates whose every node loads here (ReAct Agent's node fails to load on Node 20). */
const marketplaceFlows = () =>
    [MARKETPLACE_DIR, MARKETPLACE_AGENTFLOWS_DIR, MARKETPLACE_AGENTFLOWS_V2_DIR].flatMap((dir) =>
        readdirSync(dir)
            .filter((f) => f.endsWith('.json') && f !== 'ReAct Agent.json')
            .map((f) => [f, parseFlowData(readFileSync(path.join(dir, f), 'utf8'))] as const)
    )

/** The same flow with its OpenAI chat models calling the proxy with a credential holding the server's key: routing applies. */
const onProxy = (flow: FlowData): FlowData => {
    const copy = structuredClone(flow)
    for (const node of copy.nodes.filter((n) => n.data.name === 'chatOpenAI')) {
        Object.assign(node.data.inputs!, { modelName: 'budget', basepath: `${PROXY}/v1` })
        node.data.credential = 'cred-proxy'
    }
    // Agentflow v2 steps hold their model's settings in a config.
    for (const node of copy.nodes)
        for (const [config, value] of Object.entries(node.data.inputs ?? {}))
            if (
                config.endsWith('ModelConfig') &&
                value &&
                typeof value === 'object' &&
                node.data.inputs![config.replace(/Config$/, '')] === 'chatOpenAI'
            )
                Object.assign(value, { modelName: 'budget', basepath: `${PROXY}/v1`, FLOWISE_CREDENTIAL_ID: 'cred-proxy' })
    return copy
}

const PROXY = 'http://127.0.0.1:4000'

let catalog: CapabilityCatalog
let context: OptimizerContext
let constrained: OptimizerContext
let flows: (readonly [string, FlowData])[]

// Every pass must pass the same suite on every real flow: one contract, several implementations.
describe('optimizer passes (conformance)', () => {
    before(async () => {
        catalog = await realCatalog()
        context = { definitions: (name) => catalog.get(name), constraints: {} }
        constrained = {
            definitions: context.definitions,
            constraints: { maxCostUsd: 0.01, maxLatencyMs: 2_000, minQuality: 0.6 },
            models: [profile('budget', { quality: { general: 0.6 } }), profile('premium', { quality: { general: 0.95 } })],
            proxyUrl: PROXY,
            proxyCredentials: new Set(['cred-proxy'])
        }
        flows = [
            ...marketplaceFlows(),
            ['hand-made router chain', routerChain(catalog).build()],
            ['hand-made router chain at temperature 0.9', routerChain(catalog, { temperature: 0.9 }).build()],
            ['hand-made LiteLLM chain through the proxy', litellmChain(catalog, `${PROXY}/v1`).build()]
        ]
        flows.push(...flows.map(([name, flow]) => [`${name} on the proxy`, onProxy(flow)] as const))
        assert.ok(flows.length >= 60)
    })

    for (const pass of PASSES) {
        describe(pass.name, () => {
            it('keeps every valid flow valid', () => {
                for (const [name, flow] of flows) {
                    assert.ok(validateFlow(flow, context.definitions).valid, `${name} is valid to begin with`)
                    for (const ctx of [context, constrained]) {
                        const after = validateFlow(pass.run(flow, ctx).flow, ctx.definitions)
                        assert.deepEqual(after.issues, [], `${name} after ${pass.name}`)
                    }
                }
            })

            it('is idempotent: a second run changes nothing', () => {
                for (const [name, flow] of flows) {
                    for (const ctx of [context, constrained]) {
                        const once = pass.run(flow, ctx)
                        const twice = pass.run(once.flow, ctx)
                        assert.deepEqual(twice.changes, [], name)
                        assert.deepEqual(twice.flow, once.flow, name)
                    }
                }
            })

            it('never modifies its input', () => {
                for (const [name, flow] of flows) {
                    const copy = structuredClone(flow)
                    pass.run(flow, context)
                    pass.run(flow, constrained)
                    assert.deepEqual(flow, copy, name)
                }
            })

            it('reports each change with its pass, nodes and reason, and changes nothing unreported', () => {
                for (const [name, flow] of flows) {
                    const result = pass.run(flow, context)
                    for (const change of result.changes) {
                        assert.equal(change.pass, pass.name)
                        assert.ok(change.reason.length > 0)
                    }
                    if (result.changes.length === 0) assert.deepEqual(result.flow, flow, `${name}: unreported change`)
                }
            })
        })
    }
})

// The whole optimizer, on the same flows: what it reports is what it did, and nothing is lost.
describe('optimizeFlow (conformance)', () => {
    const run = (flow: FlowData, ctx: OptimizerContext) =>
        optimizeFlow(flow, {
            definitions: ctx.definitions,
            constraints: ctx.constraints,
            models: ctx.models,
            proxyUrl: ctx.proxyUrl,
            proxyCredentials: ctx.proxyCredentials
        })

    it('reports exactly what differs in the output (report equals diff)', () => {
        for (const [name, flow] of flows)
            for (const ctx of [context, constrained]) {
                const result = run(flow, ctx)
                assert.deepEqual(reportMismatches(flow, result.flow, result.report.changes), [], name)
            }
        for (const kind of ['CHATFLOW', 'AGENTFLOW'])
            assert.ok(
                flows.some(
                    ([, flow]) =>
                        flowTypeOf(flow) === kind && run(flow, constrained).report.changes.some((c) => c.pass === 'route-through-router')
                ),
                `routing happens on some ${kind}`
            )
    })

    it('keeps every setting of every routed or merged node, or says which it could not keep', () => {
        for (const [name, flow] of flows) {
            const result = run(flow, constrained)
            const byId = new Map(result.flow.nodes.map((n) => [n.id, n]))
            const original = new Map(flow.nodes.map((n) => [n.id, n]))
            for (const change of result.report.changes) {
                if (change.pass === 'route-through-router' && change.nodeIds.length === 2) {
                    const [from, to] = change.nodeIds
                    const router = byId.get(to)!.data.inputs!
                    const carriedTo: Record<string, string> = { timeout: 'attemptTimeoutMs' }
                    for (const [input, value] of Object.entries(original.get(from)!.data.inputs ?? {})) {
                        if (value === '' || value === undefined || value === null || ['modelName', 'basepath', 'basePath'].includes(input))
                            continue
                        const target = carriedTo[input] ?? input
                        const settable = catalog.get('liteLLMRouter')!.params.some((p) => p.name === target) || target === 'cache'
                        if (settable) assert.deepEqual(router[target], value, `${name}: ${from}.${input}`)
                        else {
                            const definition = catalog.get(original.get(from)!.data.name)!
                            const param = definition.params.find((p) => p.name === input)
                            // Image resolution only matters with image uploads on (ChatOpenAI shows it only then); an input the
                            // node does not define is never read by Flowise.
                            const irrelevant = input === 'imageResolution' && original.get(from)!.data.inputs?.allowImageUploads !== true
                            assert.ok(
                                input === 'imageResolution' ? irrelevant : param === undefined || String(param.default) === String(value),
                                `${name}: ${from}.${input} = ${JSON.stringify(value)} lost`
                            )
                        }
                    }
                }
                if (change.pass === 'merge-duplicate-nodes') {
                    const kept = byId.get(change.nodeIds[0])!
                    for (const id of change.nodeIds.slice(1)) {
                        const duplicate = original.get(id)!
                        assert.deepEqual(
                            Object.keys(duplicate.data.inputs ?? {}).sort(),
                            Object.keys(kept.data.inputs ?? {}).sort(),
                            `${name}: ${id}`
                        )
                        assert.equal(duplicate.data.credential ?? null, kept.data.credential ?? null)
                    }
                }
            }
            for (const finding of result.report.findings.filter((f) => f.pass === 'route-through-router'))
                assert.ok(byId.has(finding.nodeIds[0]), `${name}: a node not routed stays`)
        }
    })

    it("keeps flowData's fields other than the graph (viewport and the like)", () => {
        for (const [name, flow] of flows) {
            const decorated = { ...flow, viewport: { x: 1, y: 2, zoom: 0.5 }, note: 'kept' }
            const result = run(decorated, constrained)
            assert.deepEqual((result.flow as Record<string, unknown>).viewport, decorated.viewport, name)
            assert.equal((result.flow as Record<string, unknown>).note, 'kept', name)
        }
    })
})
