import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData } from '../../../plugin/flow/flowData'
import { ESTIMATE_REQUEST, flowEstimator } from '../../../plugin/optimizer/estimateFlow'
import { MARKETPLACE_DIR, realCatalog } from '../../support/catalog'
import { routerChain } from '../../support/flows'
import { profile } from '../../support/profiles'

let catalog: CapabilityCatalog
const profiles = [
    profile('budget', { inputCostPerToken: 1e-7, outputCostPerToken: 2e-7, priorLatencyMs: 300 }),
    profile('premium', { inputCostPerToken: 1e-5, outputCostPerToken: 3e-5, priorLatencyMs: 1200, quality: { general: 0.95 } })
]

describe('estimateFlow', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    it("prices a router node at its policy's choice, with /model/info prices and the latency it is based on", () => {
        const estimate = flowEstimator(catalog, { profiles, observedLatencyMs: (m) => (m === 'budget' ? 250 : undefined) })(
            routerChain(catalog, { candidateModels: '["budget","premium"]', strategy: 'cost-based' }).build()
        )
        const expected = ESTIMATE_REQUEST.inputTokens * 1e-7 + 256 * 2e-7
        assert.ok(Math.abs(estimate.costUsd! - expected) < 1e-15)
        assert.equal(estimate.latencyMs, 250)
        assert.equal(estimate.models[0].model, 'budget')
        assert.match(estimate.models[0].basis, /router's choice \(cost-based\) with \/model\/info prices; latency observed by the router/)
    })

    it('follows the router constraints: a quality floor moves the estimate to the better model', () => {
        const estimate = flowEstimator(catalog, { profiles, observedLatencyMs: () => undefined })(
            routerChain(catalog, { candidateModels: '["budget","premium"]', strategy: 'cost-based', minQuality: 0.9 }).build()
        )
        assert.equal(estimate.models[0].model, 'premium')
        assert.equal(estimate.latencyMs, 1200)
        assert.match(estimate.models[0].basis, /latency prior from the config/)
    })

    it('gives no total when a model has no known price, and says why', () => {
        const flow = parseFlowData(readFileSync(path.join(MARKETPLACE_DIR, 'Prompt Chaining.json'), 'utf8'))
        const estimate = flowEstimator(catalog, { profiles, observedLatencyMs: () => undefined })(flow)
        assert.equal(estimate.costUsd, undefined)
        assert.deepEqual(
            estimate.models.map((m) => m.basis),
            ["no price for gpt-4o-mini in the proxy's /model/info", "no price for gpt-4o-mini in the proxy's /model/info"].map((b) =>
                b.replace('gpt-4o-mini', String(flow.nodes.find((n) => n.id === 'chatOpenAI_0')!.data.inputs!.modelName))
            )
        )
    })

    it('says when the proxy could not be asked', () => {
        const estimate = flowEstimator(catalog, { profiles: undefined, observedLatencyMs: () => undefined })(routerChain(catalog).build())
        assert.equal(estimate.models[0].basis, 'LiteLLM proxy unreachable: no prices')
    })
})
