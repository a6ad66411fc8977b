import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData } from '../../../plugin/flow/flowData'
import { validateFlow } from '../../../plugin/flow/validateFlow'
import { FlowOptimizationError, optimizeFlow } from '../../../plugin/optimizer/optimizeFlow'
import { CORPUS_FLOWS_DIR, realCatalog } from '../../support/catalog'
import { reportMismatches } from '../../support/flowDiff'
import { profile } from '../../support/profiles'

/**
 * Flows of the corpus the optimizer refuses, with the reason that is true of each: the node
 * Flowise 3.1 no longer ships, or the flow kind Orquesta does not handle.
 */
const REFUSED: Readonly<Record<string, RegExp>> = {
    'supervisor-rag-writefile.json': /node writeFile_0 is of unknown type writeFile/
}
const AGENTFLOW_V2 = /this is an Agentflow v2 flow/

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
            const isV2 = flow.nodes.some((n) => n.type === 'agentFlow')
            const expected = REFUSED[file] ?? (isV2 ? AGENTFLOW_V2 : undefined)
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
            }
        })
    }
})
