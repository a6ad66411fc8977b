import type { CapabilityCatalog } from '../../plugin/capabilities/CapabilityCatalog'
import { createFlowNode } from '../../plugin/flow/createFlowNode'
import type { FlowData, FlowEdge, FlowNode } from '../../plugin/flow/flowData'
import { connectNodes } from './flows'

/**
 * Large flows of the shapes that used to take quadratic time, built from real node definitions
 * and connected as the canvas connects them (the benchmark and the growth test share them).
 */
class ShapeBuilder {
    readonly nodes: FlowNode[] = []
    readonly edges: FlowEdge[] = []
    private readonly byId = new Map<string, FlowNode>()

    constructor(private readonly catalog: CapabilityCatalog) {}

    add(name: string, id: string, inputs: Record<string, unknown> = {}): string {
        const node = createFlowNode(this.catalog.get(name)!, id, { x: this.nodes.length * 10, y: 0 }, inputs)
        this.nodes.push(node)
        this.byId.set(id, node)
        return id
    }

    connect(source: string, target: string, input: string): void {
        this.edges.push(connectNodes(this.byId.get(source)!, this.byId.get(target)!, input))
    }

    build(): FlowData {
        return { nodes: this.nodes, edges: this.edges }
    }
}

/** A retrieval chain on the router whose embeddings pass through `depth` embedding caches in a row. */
const cacheChain = (b: ShapeBuilder, embeddings: string, depth: number, suffix: string) => {
    let previous = embeddings
    for (let i = 0; i < depth; i++) {
        const id = b.add('inMemoryEmbeddingCache', `inMemoryEmbeddingCache_${suffix}${i}`)
        b.connect(previous, id, 'embeddings')
        previous = id
    }
    const store = b.add('memoryVectorStore', `memoryVectorStore_${suffix}`)
    const text = b.add('plainText', `plainText_${suffix}`, { text: 'Orquesta routes requests.' })
    const model = b.add('liteLLMRouter', `liteLLMRouter_${suffix}`, { candidateModels: '["budget"]', temperature: 0 })
    const chain = b.add('conversationalRetrievalQAChain', `conversationalRetrievalQAChain_${suffix}`)
    b.connect(text, store, 'document')
    b.connect(previous, store, 'embeddings')
    b.connect(store, chain, 'vectorStoreRetriever')
    b.connect(model, chain, 'model')
}

export const FLOW_SHAPES = {
    /** Independent router chains side by side (prompt, router, chain, and an unused prompt each). */
    wide: (catalog: CapabilityCatalog, size: number): FlowData => {
        const b = new ShapeBuilder(catalog)
        for (let c = 0; c < Math.max(1, Math.round(size / 4)); c++) {
            b.add('promptTemplate', `promptTemplate_${c}`, { template: 'Q: {question}', promptValues: '' })
            b.add('promptTemplate', `promptTemplate_unused${c}`, { template: 'unused' })
            b.add('liteLLMRouter', `liteLLMRouter_${c}`, { candidateModels: '["budget"]', temperature: 0 })
            b.add('llmChain', `llmChain_${c}`)
            b.connect(`liteLLMRouter_${c}`, `llmChain_${c}`, 'model')
            b.connect(`promptTemplate_${c}`, `llmChain_${c}`, 'prompt')
        }
        return b.build()
    },
    /** One retrieval chain whose embeddings go through a row of about `size` embedding caches. */
    deep: (catalog: CapabilityCatalog, size: number): FlowData => {
        const b = new ShapeBuilder(catalog)
        cacheChain(b, b.add('openAIEmbeddings', 'openAIEmbeddings_0'), Math.max(1, size - 5), 'a')
        return b.build()
    },
    /** A tool agent given about `size` identical calculators in its one list input. */
    list: (catalog: CapabilityCatalog, size: number): FlowData => {
        const b = new ShapeBuilder(catalog)
        b.add('liteLLMRouter', 'liteLLMRouter_0', { candidateModels: '["budget"]', temperature: 0, streaming: false })
        b.add('bufferMemory', 'bufferMemory_0')
        b.add('toolAgent', 'toolAgent_0')
        b.connect('liteLLMRouter_0', 'toolAgent_0', 'model')
        b.connect('bufferMemory_0', 'toolAgent_0', 'memory')
        for (let i = 0; i < Math.max(1, size - 3); i++) {
            b.add('calculator', `calculator_${i}`)
            b.connect(`calculator_${i}`, 'toolAgent_0', 'tools')
        }
        return b.build()
    },
    /** Two identical rows of embedding caches on one embeddings node, each ending in its own retrieval chain. */
    duplicateChains: (catalog: CapabilityCatalog, size: number): FlowData => {
        const b = new ShapeBuilder(catalog)
        const embeddings = b.add('openAIEmbeddings', 'openAIEmbeddings_0')
        const depth = Math.max(1, Math.round((size - 1) / 2) - 4)
        cacheChain(b, embeddings, depth, 'a')
        cacheChain(b, embeddings, depth, 'b')
        return b.build()
    }
} as const

export type FlowShape = keyof typeof FLOW_SHAPES
