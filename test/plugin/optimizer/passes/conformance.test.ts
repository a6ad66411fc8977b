import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData, type FlowData } from '../../../../plugin/flow/flowData'
import { validateFlow } from '../../../../plugin/flow/validateFlow'
import { PASSES } from '../../../../plugin/optimizer/passes'
import type { OptimizerContext } from '../../../../plugin/optimizer/types'
import { MARKETPLACE_DIR, realCatalog } from '../../../support/catalog'
import { litellmChain, routerChain } from '../../../support/flows'
import { profile } from '../../../support/profiles'

/** Marketplace flows whose every node loads here (ReAct Agent's node fails to load on Node 20). */
const marketplaceFlows = () =>
    readdirSync(MARKETPLACE_DIR)
        .filter((f) => f.endsWith('.json') && f !== 'ReAct Agent.json')
        .map((f) => [f, parseFlowData(readFileSync(path.join(MARKETPLACE_DIR, f), 'utf8'))] as const)

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
            proxyUrl: 'http://127.0.0.1:4000'
        }
        flows = [
            ...marketplaceFlows(),
            ['hand-made router chain', routerChain(catalog).build()],
            ['hand-made router chain at temperature 0.9', routerChain(catalog, { temperature: 0.9 }).build()],
            ['hand-made LiteLLM chain through the proxy', litellmChain(catalog, 'http://127.0.0.1:4000/v1').build()]
        ]
        assert.ok(flows.length >= 12)
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
