import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData } from '../../../plugin/flow/flowData'
import { FlowOptimizationError, optimizeFlow } from '../../../plugin/optimizer/optimizeFlow'
import { PASS_NAMES } from '../../../plugin/optimizer/types'
import { addCache } from '../../../plugin/optimizer/passes/addCache'
import { mergeDuplicateNodes } from '../../../plugin/optimizer/passes/mergeDuplicateNodes'
import { applyConstraints } from '../../../plugin/optimizer/passes/applyConstraints'
import { removeUnreachableNodes } from '../../../plugin/optimizer/passes/removeUnreachableNodes'
import { reportParallelBranches } from '../../../plugin/optimizer/passes/reportParallelBranches'
import { routeThroughRouter } from '../../../plugin/optimizer/passes/routeThroughRouter'
import { validateFlow } from '../../../plugin/flow/validateFlow'
import { DEFAULT_MODEL_TIMEOUT_MS, setTimeouts } from '../../../plugin/optimizer/passes/setTimeouts'
import { MARKETPLACE_DIR, realCatalog } from '../../support/catalog'
import { FlowBuilder, litellmChain, routerChain, toolAgentWithDuplicates } from '../../support/flows'
import { profile } from '../../support/profiles'

let catalog: CapabilityCatalog
const definitions = (name: string) => catalog.get(name)
const context = () => ({ definitions, constraints: {} })
const marketplace = (name: string) => parseFlowData(readFileSync(path.join(MARKETPLACE_DIR, `${name}.json`), 'utf8'))

describe('optimizer passes on real flows', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    it('remove-unreachable-nodes drops what cannot reach the ending node, keeps sticky notes', () => {
        const flow = routerChain(catalog)
            .add('promptTemplate', 'promptTemplate_1', { template: 'unused: {x}' })
            .add('chatOpenAI', 'chatOpenAI_9')
            .add('inMemoryCache', 'inMemoryCache_9')
            .connect('inMemoryCache_9', 'chatOpenAI_9', 'cache')
            .add('stickyNote', 'stickyNote_0', { note: 'keep me' })
            .build()
        const result = removeUnreachableNodes.run(flow, context())
        assert.deepEqual(result.flow.nodes.map((n) => n.id).sort(), ['liteLLMRouter_0', 'llmChain_0', 'promptTemplate_0', 'stickyNote_0'])
        assert.deepEqual(result.changes.flatMap((c) => c.nodeIds).sort(), ['chatOpenAI_9', 'inMemoryCache_9', 'promptTemplate_1'])
        assert.equal(result.flow.edges.length, 2)
    })

    it('merge-duplicate-nodes merges identical stateless nodes and rewires their consumers, edges and references alike', () => {
        const flow = new FlowBuilder(catalog)
            .add('recursiveCharacterTextSplitter', 'recursiveCharacterTextSplitter_0', { chunkSize: 200 })
            .add('recursiveCharacterTextSplitter', 'recursiveCharacterTextSplitter_1', { chunkSize: 200 })
            .add('plainText', 'plainText_0', { text: 'one' })
            .add('plainText', 'plainText_1', { text: 'two' })
            .add('openAIEmbeddings', 'openAIEmbeddings_0')
            .add('memoryVectorStore', 'memoryVectorStore_0')
            .add('liteLLMRouter', 'liteLLMRouter_0', { candidateModels: '["budget"]', temperature: 0 })
            .add('conversationalRetrievalQAChain', 'conversationalRetrievalQAChain_0')
            .connect('recursiveCharacterTextSplitter_0', 'plainText_0', 'textSplitter')
            .connect('recursiveCharacterTextSplitter_1', 'plainText_1', 'textSplitter')
            .connect('plainText_0', 'memoryVectorStore_0', 'document')
            .connect('plainText_1', 'memoryVectorStore_0', 'document')
            .connect('openAIEmbeddings_0', 'memoryVectorStore_0', 'embeddings')
            .connect('memoryVectorStore_0', 'conversationalRetrievalQAChain_0', 'vectorStoreRetriever')
            .connect('liteLLMRouter_0', 'conversationalRetrievalQAChain_0', 'model')
            .build()
        const result = mergeDuplicateNodes.run(flow, context())
        assert.deepEqual(
            result.flow.nodes.filter((n) => n.data.name === 'recursiveCharacterTextSplitter').map((n) => n.id),
            ['recursiveCharacterTextSplitter_0']
        )
        const second = result.flow.nodes.find((n) => n.id === 'plainText_1')!
        assert.equal(second.data.inputs?.textSplitter, '{{recursiveCharacterTextSplitter_0.data.instance}}')
        assert.equal(result.flow.edges.filter((e) => e.source.startsWith('recursiveCharacterTextSplitter')).length, 2)
        assert.equal(result.changes[0].reason, 'recursiveCharacterTextSplitter_1 is identical to recursiveCharacterTextSplitter_0')
        assert.deepEqual(validateFlow(result.flow, definitions).issues, [])
    })

    it('merge-duplicate-nodes leaves two identical tools of one agent alone: its tool list would shrink', () => {
        const result = mergeDuplicateNodes.run(toolAgentWithDuplicates(catalog).build(), context())
        assert.deepEqual(result.changes, [])
        assert.match(
            result.findings[0].reason,
            /calculator_1 is identical to calculator_0 but not merged: toolAgent_0\.tools would receive one/
        )
    })

    it('merge-duplicate-nodes never merges models (Flowise cannot share a model instance between chains)', () => {
        const result = mergeDuplicateNodes.run(marketplace('Prompt Chaining'), context())
        assert.deepEqual(result.changes, [])
    })

    it('merge-duplicate-nodes leaves nodes that differ in one input alone', () => {
        const flow = new FlowBuilder(catalog)
            .add('promptTemplate', 'promptTemplate_0', { template: 'a {question}' })
            .add('promptTemplate', 'promptTemplate_1', { template: 'b {question}' })
            .build()
        assert.deepEqual(mergeDuplicateNodes.run(flow, context()).changes, [])
    })

    it('add-cache connects one InMemoryCache to uncached chat models, as the canvas would', () => {
        const result = addCache.run(routerChain(catalog).build(), context())
        const cache = result.flow.nodes.find((n) => n.data.name === 'inMemoryCache')
        assert.ok(cache)
        const router = result.flow.nodes.find((n) => n.id === 'liteLLMRouter_0')!
        assert.equal(router.data.inputs?.cache, `{{${cache.id}.data.instance}}`)
        const edge = result.flow.edges.find((e) => e.source === cache.id)!
        assert.equal(edge.targetHandle, 'liteLLMRouter_0-input-cache-BaseCache')
        assert.equal(edge.sourceHandle, `${cache.id}-output-inMemoryCache-InMemoryCache|BaseCache`)
    })

    it('add-cache skips models sampled for variety and says why', () => {
        const result = addCache.run(routerChain(catalog, { temperature: 0.9 }).build(), context())
        assert.deepEqual(result.changes, [])
        assert.match(result.findings[0].reason, /temperature 0.9 > 0: its answers vary/)
    })

    it('add-cache uses RedisCache with the named Redis credential', () => {
        const result = addCache.run(routerChain(catalog).build(), { definitions, constraints: { redisCredentialId: 'cred-redis-1' } })
        const cache = result.flow.nodes.find((n) => n.data.name === 'redisCache')
        assert.equal(cache?.data.credential, 'cred-redis-1')
    })
})

describe('optimizer passes for reliability, cost and latency', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    it('set-timeouts gives chat models without a time limit one, and keeps those that have one', () => {
        const result = setTimeouts.run(marketplace('Prompt Chaining'), context())
        assert.deepEqual(
            result.changes.map((c) => [c.nodeIds[0], c.after]),
            [
                ['chatOpenAI_0', { timeout: DEFAULT_MODEL_TIMEOUT_MS }],
                ['chatOpenAI_1', { timeout: DEFAULT_MODEL_TIMEOUT_MS }]
            ]
        )
        const withTimeout = marketplace('Prompt Chaining')
        withTimeout.nodes.find((n) => n.id === 'chatOpenAI_0')!.data.inputs!.timeout = 5000
        assert.deepEqual(
            setTimeouts.run(withTimeout, context()).changes.map((c) => c.nodeIds[0]),
            ['chatOpenAI_1']
        )
    })

    it('apply-constraints tightens router limits, never loosens them, and streams under a latency limit', () => {
        const flow = routerChain(catalog, { maxCostPerRequest: 0.001, streaming: false }).build()
        const constraints = { maxCostUsd: 0.01, maxLatencyMs: 1500, minQuality: 0.7 }
        const result = applyConstraints.run(flow, { definitions, constraints })
        const router = result.flow.nodes.find((n) => n.id === 'liteLLMRouter_0')!
        assert.equal(router.data.inputs?.maxCostPerRequest, 0.001, 'a stricter limit stays')
        assert.equal(router.data.inputs?.maxLatencyMs, 1500)
        assert.equal(router.data.inputs?.minQuality, 0.7)
        assert.equal(router.data.inputs?.streaming, true)
    })

    it('apply-constraints reports models that cannot enforce a limit instead of changing them', () => {
        const result = applyConstraints.run(marketplace('Prompt Chaining'), { definitions, constraints: { maxCostUsd: 0.01 } })
        assert.deepEqual(result.changes, [])
        assert.match(
            result.findings[0].reason,
            /chatOpenAI_0 \(chatOpenAI\) cannot enforce maxCostUsd per request; the LiteLLM Router node can/
        )
    })

    it('route-through-router replaces a model that calls the proxy with the router, preferring its model, under the limits', () => {
        const flow = litellmChain(catalog, 'http://127.0.0.1:4000/v1')
            .add('inMemoryCache', 'inMemoryCache_0')
            .connect('inMemoryCache_0', 'chatLitellm_0', 'cache')
            .build()
        const models = [
            profile('budget', { quality: { general: 0.6 } }),
            profile('premium', { quality: { general: 0.95 } }),
            profile('unscored', { quality: {} })
        ]
        const result = routeThroughRouter.run(flow, {
            definitions,
            constraints: { maxCostUsd: 0.002, minQuality: 0.5 },
            models,
            proxyUrl: 'http://127.0.0.1:4000'
        })
        assert.equal(result.changes.length, 1)
        const router = result.flow.nodes.find((n) => n.data.name === 'liteLLMRouter')!
        assert.ok(!result.flow.nodes.some((n) => n.id === 'chatLitellm_0'))
        assert.deepEqual(JSON.parse(router.data.inputs!.candidateModels as string), ['budget', 'premium'])
        assert.deepEqual(JSON.parse(router.data.inputs!.preferredModels as string), ['budget'])
        assert.equal(router.data.inputs!.maxCostPerRequest, 0.002)
        assert.equal(router.data.inputs!.strategy, 'cost-based')
        assert.equal(router.data.inputs!.cache, '{{inMemoryCache_0.data.instance}}')
        assert.equal(result.flow.nodes.find((n) => n.id === 'llmChain_0')!.data.inputs!.model, `{{${router.id}.data.instance}}`)
        assert.deepEqual(validateFlow(result.flow, definitions).issues, [])
        const elsewhere = litellmChain(catalog, 'http://elsewhere.example/v1').build()
        assert.deepEqual(
            routeThroughRouter.run(elsewhere, {
                definitions,
                constraints: { maxCostUsd: 0.002 },
                models,
                proxyUrl: 'http://127.0.0.1:4000'
            }).changes,
            []
        )
    })

    it('report-parallel-branches reports independent branches and changes nothing', () => {
        const result = reportParallelBranches.run(routerChain(catalog).build(), context())
        assert.deepEqual(result.changes, [])
        const agentFlow = marketplace('Multiple Documents QnA')
        const found = reportParallelBranches.run(agentFlow, context()).findings
        assert.ok(
            found.some((f) => f.nodeIds[0] === 'toolAgent_0' && /independent branches feed toolAgent_0/.test(f.reason)),
            JSON.stringify(found)
        )
    })
})

describe('optimizeFlow', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    it('returns a new flowData string and a report, and leaves the input alone', () => {
        const input = JSON.stringify(marketplace('Prompt Chaining'))
        const result = optimizeFlow(input, { definitions })
        assert.deepEqual(result.report.passes, PASS_NAMES, 'every pass runs by default, in order')
        assert.ok(result.report.validation.after.valid)
        assert.deepEqual(JSON.parse(result.flowData), result.flow)
        assert.equal(input, JSON.stringify(marketplace('Prompt Chaining')))
    })

    it('runs only the enabled passes', () => {
        const result = optimizeFlow(routerChain(catalog).build(), { definitions, disable: ['add-cache', 'set-timeouts'] })
        assert.deepEqual(result.report.changes, [])
    })

    it('refuses an invalid flow, listing its problems', () => {
        const flow = routerChain(catalog).build()
        flow.edges.push({ ...flow.edges[0], id: 'ghost', source: 'nowhere_0' })
        assert.throws(
            () => optimizeFlow(flow, { definitions }),
            (error: unknown) => error instanceof FlowOptimizationError && /edge ghost refers to missing node nowhere_0/.test(error.message)
        )
    })
})
