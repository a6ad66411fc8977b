import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { InvalidFlowDataError, MAX_FLOW_BYTES, parseFlowData } from '../../../plugin/flow/flowData'
import { validateFlow } from '../../../plugin/flow/validateFlow'
import { MARKETPLACE_DIR, realCatalog } from '../../support/catalog'
import { routerChain } from '../../support/flows'

let catalog: CapabilityCatalog
const check = (flow: unknown) => validateFlow(parseFlowData(flow), (name) => catalog.get(name))
const codes = (flow: unknown) => check(flow).issues.map((i) => i.code)

describe('validateFlow', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    it("accepts Flowise's marketplace chatflows and finds their ending nodes", () => {
        for (const file of readdirSync(MARKETPLACE_DIR).filter((f) => f.endsWith('.json'))) {
            const report = check(readFileSync(path.join(MARKETPLACE_DIR, file), 'utf8'))
            if (file === 'ReAct Agent.json') {
                assert.deepEqual(
                    report.issues.map((i) => i.message),
                    ['node reactAgentChat_0 is of unknown type reactAgentChat'],
                    'its node does not load on Node 20'
                )
                continue
            }
            assert.deepEqual(report.issues, [], file)
            assert.ok(report.endingNodes.length >= 1, file)
        }
    })

    it('rejects malformed JSON and oversized flows, saying why', () => {
        assert.throws(
            () => parseFlowData('{"nodes": ['),
            (e: unknown) => e instanceof InvalidFlowDataError && /not JSON/.test(e.message)
        )
        assert.throws(() => parseFlowData({ nodes: [{ id: 'a' }], edges: [] }), /Invalid flowData: nodes\.0\.data: Required/)
        const huge = JSON.stringify({ nodes: [], edges: [], padding: 'x'.repeat(MAX_FLOW_BYTES) })
        assert.throws(() => parseFlowData(huge), /over the 5242880-byte limit/)
    })

    it('reports edges to missing nodes, unknown node types, handles that match no anchor, and type mismatches', () => {
        const missing = routerChain(catalog).build()
        missing.edges[0] = { ...missing.edges[0], source: 'ghost_0' }
        assert.ok(codes(missing).includes('missing-node'))

        const unknown = routerChain(catalog).build()
        unknown.nodes[0].data.name = 'noSuchNode'
        assert.ok(codes(unknown).includes('unknown-node'))

        const badAnchor = routerChain(catalog).build()
        badAnchor.edges[1] = { ...badAnchor.edges[1], targetHandle: 'llmChain_0-input-nonsense-BasePromptTemplate' }
        assert.ok(codes(badAnchor).includes('unknown-anchor'))

        const mismatch = routerChain(catalog).build()
        mismatch.edges[0] = { ...mismatch.edges[0], targetHandle: 'llmChain_0-input-prompt-BasePromptTemplate' }
        mismatch.nodes.find((n) => n.id === 'llmChain_0')!.data.inputs!.prompt = [
            '{{promptTemplate_0.data.instance}}',
            '{{liteLLMRouter_0.data.instance}}'
        ]
        const issues = codes(mismatch)
        assert.ok(issues.includes('type-mismatch'), issues.join())
        assert.ok(issues.includes('too-many-connections'), issues.join())
    })

    it('reports data.inputs references that disagree with the edges', () => {
        const noReference = routerChain(catalog).build()
        noReference.nodes.find((n) => n.id === 'llmChain_0')!.data.inputs!.model = ''
        assert.deepEqual(codes(noReference), ['edge-without-reference'])
        const noEdge = routerChain(catalog).build()
        noEdge.edges.splice(0, 1)
        assert.ok(codes(noEdge).includes('reference-without-edge'))
    })

    it('reports cycles and flows without an ending node', () => {
        const cyclic = routerChain(catalog).build()
        cyclic.edges.push({
            ...cyclic.edges[1],
            id: 'back',
            source: 'llmChain_0',
            target: 'promptTemplate_0',
            sourceHandle: 'llmChain_0-output-llmChain-LLMChain',
            targetHandle: 'promptTemplate_0-input-promptValues-json'
        })
        const report = check(cyclic)
        assert.ok(
            report.issues.some(
                (i) =>
                    i.code === 'cycle' &&
                    /(promptTemplate_0 → llmChain_0 → promptTemplate_0|llmChain_0 → promptTemplate_0 → llmChain_0)/.test(i.message)
            ),
            JSON.stringify(report.issues)
        )
        const headless = routerChain(catalog).build()
        headless.nodes = headless.nodes.filter((n) => n.id !== 'llmChain_0')
        headless.edges = []
        assert.ok(codes(headless).includes('no-ending-node'))
    })
})
