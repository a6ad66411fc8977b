import type { CapabilityCatalog } from '../plugin/capabilities/CapabilityCatalog'
import type { FlowData } from '../plugin/flow/flowData'
import { optimizeFlow } from '../plugin/optimizer/optimizeFlow'
import { routerChain } from '../test/support/flows'
import { median } from './stats'

/**
 * A flow of about `size` nodes built from real node definitions: independent router chains
 * (prompt template, router, LLM chain), each with an uncached model and an unused node so that
 * every pass has work to do.
 */
export const generatedFlow = (catalog: CapabilityCatalog, size: number): FlowData => {
    const unit = routerChain(catalog).add('promptTemplate', 'promptTemplate_9', { template: 'unused' }).build()
    const copies = Math.max(1, Math.round(size / unit.nodes.length))
    const nodes: FlowData['nodes'] = []
    const edges: FlowData['edges'] = []
    for (let c = 0; c < copies; c++) {
        const rename = (text: string) =>
            text.replace(/(promptTemplate|liteLLMRouter|llmChain)_(\d+)/g, (_, name, n) => `${name}_${c * 10 + Number(n)}`)
        const copy = JSON.parse(rename(JSON.stringify(unit))) as FlowData
        nodes.push(...copy.nodes)
        edges.push(...copy.edges)
    }
    return { nodes, edges }
}

/** Median optimization time (ms) of a generated flow of each size. */
export const timeOptimization = (catalog: CapabilityCatalog, sizes: readonly number[], runs = 7) =>
    sizes.map((size) => {
        const flow = generatedFlow(catalog, size)
        const definitions = (name: string) => catalog.get(name)
        const times: number[] = []
        let changes = 0
        for (let i = 0; i < runs; i++) {
            const started = performance.now()
            changes = optimizeFlow(flow, { definitions }).report.changes.length
            times.push(performance.now() - started)
        }
        return { size: flow.nodes.length, ms: median(times), changes }
    })
