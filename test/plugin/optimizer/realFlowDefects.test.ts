import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { parseFlowData, type FlowData } from '../../../plugin/flow/flowData'
import { validateFlow } from '../../../plugin/flow/validateFlow'
import { ImpossibleConstraintsError } from '../../../plugin/optimizer/checkConstraints'
import { flowEstimator } from '../../../plugin/optimizer/estimateFlow'
import { optimizeFlow } from '../../../plugin/optimizer/optimizeFlow'
import { addCache } from '../../../plugin/optimizer/passes/addCache'
import { mergeDuplicateNodes } from '../../../plugin/optimizer/passes/mergeDuplicateNodes'
import { routeThroughRouter } from '../../../plugin/optimizer/passes/routeThroughRouter'
import { MARKETPLACE_AGENTFLOWS_DIR, MARKETPLACE_DIR, realCatalog } from '../../support/catalog'
import { reportMismatches } from '../../support/flowDiff'
import { FLOW_SHAPES } from '../../support/flowShapes'
import { FlowBuilder, routerChain } from '../../support/flows'
import { profile } from '../../support/profiles'

const PROXY = 'http://127.0.0.1:4000'
const models = [profile('budget', { quality: { general: 0.6 } }), profile('premium', { quality: { general: 0.95 } })]

let catalog: CapabilityCatalog
const definitions = (name: string) => catalog.get(name)
const read = (dir: string, name: string) => parseFlowData(readFileSync(path.join(dir, `${name}.json`), 'utf8'))

/** A marketplace chatflow whose ChatOpenAI nodes call the proxy with a credential holding the server's key. */
const onProxy = (name: string): FlowData => {
    const flow = read(MARKETPLACE_DIR, name)
    for (const node of flow.nodes.filter((n) => n.data.name === 'chatOpenAI')) {
        Object.assign(node.data.inputs!, { modelName: 'budget', basepath: `${PROXY}/v1`, temperature: 0, allowImageUploads: false })
        node.data.credential = 'cred-proxy'
    }
    return flow
}
const underLimits = { models, proxyUrl: PROXY, proxyCredentials: new Set(['cred-proxy']) }

describe('defects found on real flows (issue 12 §1)', () => {
    before(async () => {
        catalog = await realCatalog()
    })

    it('1. limits no model can meet are refused up front, listing each model and why', () => {
        assert.throws(
            () =>
                optimizeFlow(onProxy('Conversation Chain'), {
                    definitions,
                    ...underLimits,
                    constraints: { minQuality: 0.99, maxCostUsd: 1e-6 }
                }),
            (error: unknown) =>
                error instanceof ImpossibleConstraintsError &&
                error.status === 422 &&
                error.models.map((m) => m.model).join() === 'budget,premium' &&
                /budget: estimated \$[\d.]+ > max \$0\.00000100\n/.test(error.message)
        )
        const feasible = optimizeFlow(onProxy('Conversation Chain'), { definitions, ...underLimits, constraints: { minQuality: 0.9 } })
        assert.ok(feasible.report.validation.after.valid)
    })

    it('2. routing keeps every setting the router honours, and leaves alone (saying why) a node whose settings it cannot', () => {
        const settings = {
            modelName: 'budget',
            basepath: `${PROXY}/v1`,
            temperature: 0.2,
            topP: 0.3,
            stopSequence: 'END,STOP',
            frequencyPenalty: 0.5,
            presencePenalty: 0.4,
            timeout: 15000,
            allowImageUploads: true
        }
        const chain = (inputs: Record<string, unknown>, credential?: string) => {
            const flow = new FlowBuilder(catalog)
                .add('promptTemplate', 'promptTemplate_0', { template: 'Q: {question}', promptValues: '' })
                .add('chatOpenAI', 'chatOpenAI_0', inputs)
                .add('llmChain', 'llmChain_0')
                .connect('chatOpenAI_0', 'llmChain_0', 'model')
                .connect('promptTemplate_0', 'llmChain_0', 'prompt')
                .build()
            if (credential) flow.nodes[1].data.credential = credential
            return flow
        }
        const context = { definitions, constraints: { maxCostUsd: 0.01 }, ...underLimits }
        const carriedTo: Record<string, string> = { timeout: 'attemptTimeoutMs' }
        const result = routeThroughRouter.run(chain(settings, 'cred-proxy'), context)
        const router = result.flow.nodes.find((n) => n.data.name === 'liteLLMRouter')
        assert.ok(router, JSON.stringify(result.findings))
        for (const [name, value] of Object.entries(settings))
            if (name !== 'modelName' && name !== 'basepath') assert.deepEqual(router.data.inputs![carriedTo[name] ?? name], value, name)

        const foreign = routeThroughRouter.run(
            chain({ modelName: 'budget', basepath: `${PROXY}/v1`, temperature: 0 }, 'cred-users-own'),
            context
        )
        assert.deepEqual(foreign.changes, [])
        assert.match(foreign.findings[0].reason, /credential cred-users-own is not the server's proxy key/)

        const baseOptions = routeThroughRouter.run(
            chain({ modelName: 'budget', basepath: `${PROXY}/v1`, temperature: 0, baseOptions: '{"headers":{"x":"y"}}' }, 'cred-proxy'),
            context
        )
        assert.deepEqual(baseOptions.changes, [])
        assert.match(baseOptions.findings[0].reason, /cannot honour its baseOptions/)

        // An input the node does not define (Flowise never reads it) is not a setting that would be lost.
        const stray = routeThroughRouter.run(
            chain(
                { modelName: 'budget', basepath: `${PROXY}/v1`, temperature: 0, liteLLMProxyUrl: 'http://elsewhere.example' },
                'cred-proxy'
            ),
            context
        )
        assert.equal(stray.changes.length, 1, JSON.stringify(stray.findings))

        // A blank temperature (the provider's default) must not become the router's default 0.7.
        const blank = routeThroughRouter.run(
            chain({ modelName: 'budget', basepath: `${PROXY}/v1`, temperature: '' }, 'cred-proxy'),
            context
        )
        const blankRouter = blank.flow.nodes.find((n) => n.data.name === 'liteLLMRouter')!
        assert.equal(blankRouter.data.inputs!.temperature, '')
    })

    it('3. an ingestion branch that only the vector upsert endpoint runs is kept', () => {
        const flow = read(MARKETPLACE_DIR, 'Conversation Chain')
        const branch = new FlowBuilder(catalog)
            .add('plainText', 'plainText_0', { text: 'Orquesta routes requests.' })
            .add('openAIEmbeddings', 'openAIEmbeddings_0')
            .add('memoryVectorStore', 'memoryVectorStore_0')
            .connect('plainText_0', 'memoryVectorStore_0', 'document')
            .connect('openAIEmbeddings_0', 'memoryVectorStore_0', 'embeddings')
            .build()
        flow.nodes.push(...branch.nodes)
        flow.edges.push(...branch.edges)
        const result = optimizeFlow(flow, { definitions })
        for (const id of ['plainText_0', 'openAIEmbeddings_0', 'memoryVectorStore_0'])
            assert.ok(
                result.flow.nodes.some((n) => n.id === id),
                `${id} kept`
            )
        assert.ok(!result.report.changes.some((c) => c.pass === 'remove-unreachable-nodes'))
    })

    it('5. a blank temperature (the provider default) gets no cache, with a finding', () => {
        const result = addCache.run(routerChain(catalog, { temperature: '' }).build(), { definitions, constraints: {} })
        assert.deepEqual(result.changes, [])
        assert.match(result.findings[0].reason, /no temperature set, so the provider's default applies/)
    })

    it('6. merges that would change what a consumer receives are reported, not made', () => {
        const loaders = new FlowBuilder(catalog)
            .add('plainText', 'plainText_0', { text: 'same text' })
            .add('plainText', 'plainText_1', { text: 'same text' })
            .add('openAIEmbeddings', 'openAIEmbeddings_0')
            .add('memoryVectorStore', 'memoryVectorStore_0')
            .add('liteLLMRouter', 'liteLLMRouter_0', { candidateModels: '["budget"]', temperature: 0 })
            .add('conversationalRetrievalQAChain', 'conversationalRetrievalQAChain_0')
            .connect('plainText_0', 'memoryVectorStore_0', 'document')
            .connect('plainText_1', 'memoryVectorStore_0', 'document')
            .connect('openAIEmbeddings_0', 'memoryVectorStore_0', 'embeddings')
            .connect('memoryVectorStore_0', 'conversationalRetrievalQAChain_0', 'vectorStoreRetriever')
            .connect('liteLLMRouter_0', 'conversationalRetrievalQAChain_0', 'model')
            .build()
        const merged = mergeDuplicateNodes.run(loaders, { definitions, constraints: {} })
        assert.deepEqual(merged.changes, [])
        assert.match(
            merged.findings[0].reason,
            /plainText_1 is identical to plainText_0 but not merged: .*memoryVectorStore_0\.document would receive one instead of 2/
        )

        const team = read(MARKETPLACE_AGENTFLOWS_DIR, 'Portfolio Management Team')
        const shared = mergeDuplicateNodes.run(team, { definitions, constraints: {} })
        assert.deepEqual(shared.changes, [])
        assert.ok(
            shared.findings.some((f) => /googleCustomSearch.*not merged: their consumers would share one Tools instance/.test(f.reason)),
            JSON.stringify(shared.findings)
        )
    })

    it('7. estimates count only what a prediction runs, and agents as a range of calls', () => {
        const estimate = flowEstimator(catalog, { profiles: models, observedLatencyMs: () => undefined })
        const flow = onProxy('Conversation Chain')
        const withDeadBranch = structuredClone(flow)
        // A model with its cache that nothing consumes: Flowise never runs it.
        const dead = new FlowBuilder(catalog)
            .add('inMemoryCache', 'inMemoryCache_9')
            .add('chatOpenAI', 'chatOpenAI_9', { modelName: 'premium', basepath: `${PROXY}/v1` })
            .connect('inMemoryCache_9', 'chatOpenAI_9', 'cache')
            .build()
        withDeadBranch.nodes.push(...dead.nodes)
        withDeadBranch.edges.push(...dead.edges)
        assert.equal(estimate(withDeadBranch).costUsd, estimate(flow).costUsd, 'the dead branch adds nothing')
        const optimized = optimizeFlow(withDeadBranch, { definitions, estimate })
        assert.ok(optimized.report.changes.some((c) => c.nodeIds.includes('chatOpenAI_9')))
        assert.equal(optimized.report.estimate!.after.costUsd, optimized.report.estimate!.before.costUsd, 'removing it saves nothing')

        const team = read(MARKETPLACE_AGENTFLOWS_DIR, 'Portfolio Management Team')
        const calls = estimate(team).calls
        assert.ok(calls.min >= 1 && calls.typical > calls.min && (calls.max ?? Infinity) >= 7, JSON.stringify(calls))
    })

    it('8. every reported change is in the output, and only those (under limits too)', () => {
        for (const name of ['Prompt Chaining', 'Conversation Chain', 'List Output Parser']) {
            const flow = onProxy(name)
            const result = optimizeFlow(flow, { definitions, ...underLimits, constraints: { maxCostUsd: 0.01, minQuality: 0.5 } })
            assert.ok(
                result.report.changes.some((c) => c.pass === 'route-through-router'),
                name
            )
            assert.deepEqual(reportMismatches(flow, result.flow, result.report.changes), [], name)
        }
    })

    it('9. problems Flowise runs through are warnings: an isolated unknown node, an edge to a renamed handle, a duplicated edge', () => {
        const unknown = routerChain(catalog).build()
        unknown.nodes.push({
            ...structuredClone(unknown.nodes[0]),
            id: 'gone_0',
            data: { ...unknown.nodes[0].data, id: 'gone_0', name: 'noLongerInstalled' }
        })
        const renamed = routerChain(catalog).build()
        renamed.edges[0].targetHandle = renamed.edges[0].targetHandle.replace('-input-model-', '-input-llm-')
        const duplicated = routerChain(catalog).build()
        duplicated.edges.push({ ...duplicated.edges[0] })
        for (const [name, flow, code] of [
            ['isolated unknown node', unknown, 'unknown-node'],
            ['renamed handle', renamed, 'unknown-anchor'],
            ['duplicated edge', duplicated, 'duplicate-edge']
        ] as const) {
            const report = validateFlow(flow, definitions)
            assert.ok(report.valid, `${name}: ${JSON.stringify(report.issues)}`)
            assert.deepEqual(
                report.issues.map((i) => [i.code, i.severity]),
                [[code, 'warning']],
                name
            )
            assert.ok(optimizeFlow(flow, { definitions }).report.validation.after.valid, name)
        }
        const connected = routerChain(catalog).build()
        connected.nodes[0].data.name = 'noLongerInstalled'
        const refused = validateFlow(connected, definitions)
        assert.equal(refused.valid, false, 'an unknown node Flowise would build is an error')
        assert.deepEqual(
            refused.issues.map((i) => [i.code, i.severity]),
            [['unknown-node', 'error']]
        )
    })

    it('10. validating and optimizing grow about linearly on every shape (4x the nodes: well under the 16x of quadratic time)', () => {
        // The fastest of five runs: other work on the machine only ever adds time.
        const timeOf = (flow: FlowData) =>
            Math.min(
                ...[0, 1, 2, 3, 4].map(() => {
                    const started = performance.now()
                    validateFlow(flow, definitions)
                    optimizeFlow(flow, { definitions })
                    return performance.now() - started
                })
            )
        for (const [shape, build] of Object.entries(FLOW_SHAPES)) {
            const small = timeOf(build(catalog, 1000))
            const large = timeOf(build(catalog, 4000))
            // Linear growth is 4x; quadratic (as before: validate 0.48 s at 1k, 6.7 s at 4k) is 16x.
            assert.ok(large / small < 10, `${shape}: ${small.toFixed(0)} ms at 1k nodes, ${large.toFixed(0)} ms at 4k`)
        }
    })
})
