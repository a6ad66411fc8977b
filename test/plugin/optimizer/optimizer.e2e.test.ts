import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { roundUsd } from '../../../plugin/format/roundForPeople'
import { parseFlowData, type FlowData } from '../../../plugin/flow/flowData'
import type { ValidationReport } from '../../../plugin/flow/validateFlow'
import type { OptimizationReport } from '../../../plugin/optimizer/optimizeFlow'
import type { VerificationReport } from '../../../plugin/optimizer/verify/verifyOptimization'
import {
    CORPUS_FLOWS_DIR,
    MARKETPLACE_AGENTFLOWS_DIR,
    MARKETPLACE_AGENTFLOWS_V2_DIR,
    MARKETPLACE_DIR,
    realCatalog
} from '../../support/catalog'
import { type TestFlowise, startTestFlowise } from '../../support/flowise'
import { FlowBuilder, litellmChain, routerChain, toolAgentWith, toolAgentWithDuplicates } from '../../support/flows'
import { EMBEDDING_MODEL, startTestStack, upstream, type TestStack } from '../../support/stack'

interface OptimizeAnswer {
    flowData: string
    report: OptimizationReport
    savedChatflowId?: string
    verification?: VerificationReport
    notSaved?: string
}

let stack: TestStack
let flowise: TestFlowise
let catalog: CapabilityCatalog
let openAICredential: string

const create = (name: string, flow: FlowData) => flowise.client.createChatflow(name, flow.nodes, flow.edges)
const optimize = (body: Record<string, unknown>) => flowise.client.request<OptimizeAnswer>('POST', '/orquesta/optimize', body)

/** A marketplace chatflow with its OpenAI chat models pointed at the test proxy (deterministic, temperature 0). */
const runnableHere = (name: string, dir = MARKETPLACE_DIR): FlowData => {
    const flow = parseFlowData(readFileSync(path.join(dir, `${name}.json`), 'utf8'))
    for (const node of flow.nodes.filter((n) => n.data.name === 'chatOpenAI')) {
        Object.assign(node.data.inputs!, {
            modelName: 'budget',
            basepath: `${stack.litellm.url}/v1`,
            temperature: 0,
            allowImageUploads: false
        })
        node.data.credential = openAICredential
    }
    return flow
}

describe('Flow Optimizer inside a real Flowise', { timeout: 300_000 }, () => {
    before(async () => {
        catalog = await realCatalog()
        stack = await startTestStack(undefined, { embeddings: true })
        flowise = await startTestFlowise({
            LITELLM_PROXY_URL: stack.litellm.url,
            LITELLM_MASTER_KEY: stack.masterKey,
            // This file optimizes some 40 times in a couple of minutes, over the default 30 per minute per key.
            ORQUESTA_RATE_LIMIT_EXPENSIVE_PER_MINUTE: '500'
        })
        openAICredential = await flowise.client.createCredential('proxy as OpenAI', 'openAIApi', { openAIApiKey: stack.masterKey })
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
    })
    beforeEach(() => stack.provider.reset())

    for (const [name, question, dir] of [
        ['Prompt Chaining', 'a garden of robots', MARKETPLACE_DIR],
        ['Conversation Chain', 'what is the capital of Peru?', MARKETPLACE_DIR],
        ['List Output Parser', 'three colours', MARKETPLACE_DIR],
        // Flows users wrote whose models the stand-in can play: the others call Ollama, Groq, Pinecone or web pages, and
        // seo-generator-advanced-parser wants JSON the stand-in does not write (its original fails here too).
        ['hello-polite-llmchain', 'hello there', CORPUS_FLOWS_DIR],
        ['business-decision-simulator', 'should we open a second shop?', CORPUS_FLOWS_DIR]
    ] as const) {
        it(`"${name}": the optimized chatflow, saved as a new one, answers exactly like the original`, async () => {
            const originalId = await create(name, runnableHere(name, dir))
            const optimized = await optimize({ chatflowId: originalId, save: true })
            assert.ok(optimized.savedChatflowId && optimized.savedChatflowId !== originalId)
            assert.ok(optimized.report.changes.length > 0, 'the optimizer changed something')
            assert.ok(optimized.report.validation.after.valid)
            const before = await flowise.client.predict(originalId, question)
            const after = await flowise.client.predict(optimized.savedChatflowId, question)
            assert.equal(after.text, before.text)
            const stored = await flowise.client.request<{ flowData: string }>('GET', `/chatflows/${originalId}`)
            const { nodes, edges } = runnableHere(name, dir)
            assert.deepEqual(JSON.parse(stored.flowData), JSON.parse(JSON.stringify({ nodes, edges })), 'the original is untouched')
        })

        it(`"${name}" under a cost limit: routed through the router (its credential holds the server's key), it answers like the original`, async () => {
            const originalId = await create(`${name} (limits)`, runnableHere(name, dir))
            const optimized = await optimize({ chatflowId: originalId, save: true, constraints: { maxCostUsd: 0.01 } })
            assert.ok(
                optimized.report.changes.some((c) => c.pass === 'route-through-router'),
                JSON.stringify(optimized.report.findings)
            )
            const before = await flowise.client.predict(originalId, question)
            const after = await flowise.client.predict(optimized.savedChatflowId!, question)
            assert.equal(after.text, before.text)
        })
    }

    it("under a cost limit, Flowise's LiteLLM node is replaced by the router and the flow answers like the original", async () => {
        const credential = await flowise.client.createCredential('stock litellm', 'litellmApi', { litellmApiKey: stack.masterKey })
        const flow = litellmChain(catalog, `${stack.litellm.url}/v1`).build()
        flow.nodes.find((n) => n.id === 'chatLitellm_0')!.data.credential = credential
        const originalId = await create('stock LiteLLM chain', flow)
        const optimized = await optimize({ chatflowId: originalId, save: true, constraints: { maxCostUsd: 0.01 } })
        const routed = optimized.report.changes.find((c) => c.pass === 'route-through-router')
        assert.ok(routed, JSON.stringify(optimized.report.changes))
        assert.deepEqual((routed.after as { preferred: string[] }).preferred, ['budget'])
        const before = await flowise.client.predict(originalId, 'routed?')
        const after = await flowise.client.predict(optimized.savedChatflowId!, 'routed?')
        assert.equal(after.text, before.text)
    })

    it('an optimized retrieval chain over an in-memory vector store (embeddings from the stand-in) answers like the original', async () => {
        const flow = new FlowBuilder(catalog)
            .add('plainText', 'plainText_0', { text: 'Orquesta routes each request to a model. Flowise runs the chatflow.' })
            .add('openAIEmbeddings', 'openAIEmbeddings_0', { modelName: EMBEDDING_MODEL, basepath: `${stack.litellm.url}/v1` })
            .add('memoryVectorStore', 'memoryVectorStore_0', { topK: 2 })
            .add('liteLLMRouter', 'liteLLMRouter_0', { candidateModels: '["budget"]', temperature: 0, streaming: false })
            .add('conversationalRetrievalQAChain', 'conversationalRetrievalQAChain_0')
            .connect('plainText_0', 'memoryVectorStore_0', 'document')
            .connect('openAIEmbeddings_0', 'memoryVectorStore_0', 'embeddings')
            .connect('memoryVectorStore_0', 'conversationalRetrievalQAChain_0', 'vectorStoreRetriever')
            .connect('liteLLMRouter_0', 'conversationalRetrievalQAChain_0', 'model')
            .build()
        flow.nodes.find((n) => n.id === 'openAIEmbeddings_0')!.data.credential = openAICredential
        const originalId = await create('retrieval QA', flow)
        const optimized = await optimize({ chatflowId: originalId, save: true })
        assert.ok(optimized.report.changes.some((c) => c.pass === 'add-cache'))
        const before = await flowise.client.predict(originalId, 'who routes requests?')
        const after = await flowise.client.predict(optimized.savedChatflowId!, 'who routes requests?')
        assert.equal(after.text, before.text)
        assert.ok(stack.provider.requestsFor(upstream(EMBEDDING_MODEL)).length >= 2, 'the vector store embedded through the proxy')
    })

    it('an optimized tool agent with memory answers like the original', async () => {
        const agent = () => toolAgentWithDuplicates(catalog).build()
        const originalId = await create('tool agent', agent())
        const optimized = await optimize({ chatflowId: originalId, save: true })
        assert.deepEqual([...new Set(optimized.report.changes.map((c) => c.pass))], ['remove-unreachable-nodes', 'add-cache'])
        assert.ok(
            optimized.report.findings.some((f) => f.pass === 'merge-duplicate-nodes'),
            'the duplicate tools are reported, not merged'
        )
        for (const question of ['what is 2 + 2?', 'and 3 + 3?']) {
            const before = await flowise.client.predict(originalId, question)
            const after = await flowise.client.predict(optimized.savedChatflowId!, question)
            assert.equal(after.text, before.text)
        }
    })

    it('caching works: the second identical question never reaches the provider', async () => {
        const optimized = await optimize({ flowData: routerChain(catalog).build(), save: true, name: 'cached router chain' })
        assert.ok(optimized.report.changes.some((c) => c.pass === 'add-cache'))
        const expectedCost = 500 * 1e-7 + 256 * 2e-7
        // Rounded for people in the answer: three significant digits of USD.
        assert.equal(optimized.report.estimate!.before.costUsd, roundUsd(expectedCost), JSON.stringify(optimized.report.estimate))
        assert.match(optimized.report.estimate!.after.models[0].basis, /\/model\/info prices/)
        const first = await flowise.client.predict(optimized.savedChatflowId!, 'same question')
        const second = await flowise.client.predict(optimized.savedChatflowId!, 'same question')
        assert.equal(second.text, first.text)
        assert.equal(stack.provider.requestsFor(upstream('budget')).length, 1)
        await flowise.client.predict(optimized.savedChatflowId!, 'another question')
        assert.equal(stack.provider.requestsFor(upstream('budget')).length, 2)
    })

    it('an agent in a chatflow calls the Flow Optimizer node, which verifies and saves the optimized copy', async () => {
        const targetId = await create('to be optimized by an agent', routerChain(catalog).build())
        stack.provider.script(upstream('budget'), {
            reply: (body) => {
                // The chatflow being verified calls the same model without tools: it gets a plain answer.
                if (!(body as { tools?: unknown[] }).tools) return { content: 'a plain answer' }
                const last = body.messages[body.messages.length - 1]
                if (last.role === 'tool') return { content: `Optimized: ${String(last.content)}` }
                return {
                    toolCalls: [
                        {
                            name: 'flow_optimizer',
                            arguments: JSON.stringify({ chatflowId: targetId, save: true, verify: true, questions: ['hi'] })
                        }
                    ]
                }
            }
        })
        const agent = toolAgentWith(catalog, 'flowOptimizer', { allowSave: true, verifyBudgetUsd: 0.01 }).build()
        const agentId = await create('optimizer agent', agent)
        const answer = await flowise.client.predict(agentId, 'please optimize my chatflow')
        const reported = JSON.parse(answer.text.replace(/^Optimized: /, '')) as {
            savedChatflowId: string
            changes: { pass: string }[]
            verification: VerificationReport
        }
        assert.ok(reported.changes.some((c) => c.pass === 'add-cache'))
        assert.deepEqual(
            reported.verification.results.map((r) => [r.question, r.agreement, r.original.text]),
            [['hi', 'exact', 'a plain answer']]
        )
        const saved = await flowise.client.request<{ name: string; flowData: string }>('GET', `/chatflows/${reported.savedChatflowId}`)
        assert.equal(saved.name, 'to be optimized by an agent (optimized)')
        assert.ok(JSON.parse(saved.flowData).nodes.some((n: { data: { name: string } }) => n.data.name === 'inMemoryCache'))
    })

    it('the saved copy keeps every chatflow setting and its type (issue 12 §1.4)', async () => {
        const settings = {
            category: 'support;faq',
            isPublic: true,
            deployed: true,
            chatbotConfig: JSON.stringify({ allowedOrigins: ['https://shop.example'] }),
            apiConfig: JSON.stringify({ rateLimit: { status: true, limitMax: '5', limitDuration: '60', limitMsg: 'slow down' } }),
            speechToText: JSON.stringify({ openAIWhisper: { status: true, language: 'en' } }),
            followUpPrompts: JSON.stringify({ status: false })
        }
        const withSettings = await flowise.client.request<{ id: string }>('POST', '/chatflows', {
            name: 'with settings',
            type: 'CHATFLOW',
            flowData: JSON.stringify(routerChain(catalog).build()),
            ...settings
        })
        const copy = await optimize({ chatflowId: withSettings.id, save: true })
        const saved = await flowise.client.request<Record<string, unknown>>('GET', `/chatflows/${copy.savedChatflowId}`)
        for (const [key, value] of Object.entries(settings)) assert.deepEqual(saved[key], value, key)
        assert.equal(saved.type, 'CHATFLOW')

        const team = parseFlowData(readFileSync(path.join(MARKETPLACE_AGENTFLOWS_DIR, 'Portfolio Management Team.json'), 'utf8'))
        const multiAgent = await flowise.client.request<{ id: string }>('POST', '/chatflows', {
            name: 'team',
            type: 'MULTIAGENT',
            flowData: JSON.stringify({ nodes: team.nodes, edges: team.edges })
        })
        const teamCopy = await optimize({ chatflowId: multiAgent.id, save: true })
        const savedTeam = await flowise.client.request<{ type: string }>('GET', `/chatflows/${teamCopy.savedChatflowId}`)
        assert.equal(savedTeam.type, 'MULTIAGENT')
    })

    it('the copy keeps an ingestion branch: vector upsert works on it as on the original (issue 12 §1.3)', async () => {
        const flow = runnableHere('Conversation Chain')
        const branch = new FlowBuilder(catalog)
            .add('plainText', 'plainText_0', { text: 'Orquesta routes each request to a model.' })
            .add('openAIEmbeddings', 'openAIEmbeddings_0', { modelName: EMBEDDING_MODEL, basepath: `${stack.litellm.url}/v1` })
            .add('memoryVectorStore', 'memoryVectorStore_0', { topK: 2 })
            .connect('plainText_0', 'memoryVectorStore_0', 'document')
            .connect('openAIEmbeddings_0', 'memoryVectorStore_0', 'embeddings')
            .build()
        branch.nodes[1].data.credential = openAICredential
        flow.nodes.push(...branch.nodes)
        flow.edges.push(...branch.edges)
        const originalId = await create('chain with ingestion', flow)
        const optimized = await optimize({ chatflowId: originalId, save: true })
        for (const id of [originalId, optimized.savedChatflowId!]) {
            const upserted = await flowise.client.request<{ numAdded: number }>('POST', `/vector/upsert/${id}`, {})
            assert.equal(upserted.numAdded, 1, id === originalId ? 'original' : 'copy')
        }
    })

    it('limits no model can meet are refused with 422, listing each model and why (issue 12 §1.1)', async () => {
        const originalId = await create('impossible limits', runnableHere('Conversation Chain'))
        await assert.rejects(
            optimize({ chatflowId: originalId, save: true, constraints: { minQuality: 0.99, maxCostUsd: 1e-6 } }),
            /HTTP 422: .*No model can meet these limits.*budget: estimated/
        )
    })

    it('verify: both flows answer side by side inside Flowise, with provider calls and cost measured for each (issue 12 §2)', async () => {
        const originalId = await create('to verify', runnableHere('Prompt Chaining'))
        const optimized = await optimize({
            chatflowId: originalId,
            save: true,
            verify: { budgetUsd: 0.01, questions: ['robots', 'gardens'] }
        })
        const verification = optimized.verification!
        assert.deepEqual(
            verification.results.map((r) => [r.question, r.agreement]),
            [
                ['robots', 'exact'],
                ['gardens', 'exact']
            ]
        )
        // Prompt Chaining calls its two models once each per question, through the proxy, which prices each call.
        assert.equal(verification.original.calls, 4)
        assert.ok(verification.optimized.calls >= 2 && verification.optimized.calls <= 4, JSON.stringify(verification.optimized))
        assert.ok(verification.original.costUsd > 0 && verification.original.unpricedCalls === 0, JSON.stringify(verification.original))
        // Each figure is rounded to three significant digits, so the sum agrees to within rounding.
        const sides = verification.original.costUsd + verification.optimized.costUsd
        assert.ok(Math.abs(verification.spentUsd - sides) <= 0.005 * sides, JSON.stringify(verification))
        assert.equal(verification.regression, false)
        assert.ok(optimized.savedChatflowId)
        const all = await flowise.client.request<{ name: string }[]>('GET', '/chatflows')
        assert.ok(!all.some((c) => c.name.startsWith('[Orquesta verification]')), 'the temporary chatflows are gone')
    })

    it('verify: a copy that answers differently at temperature 0 is not saved unless save is "force"; the budget bounds spending', async () => {
        let calls = 0
        // The provider answers each call differently: the second flow asked gets another answer than the first.
        stack.provider.script(upstream('budget'), { reply: () => `answer number ${++calls}` })
        const originalId = await create('regression', runnableHere('Conversation Chain'))
        const refused = await optimize({ chatflowId: originalId, save: true, verify: { budgetUsd: 0.01, questions: ['hi'] } })
        assert.equal(refused.verification!.results[0].agreement, 'differs')
        assert.equal(refused.verification!.regression, true)
        assert.equal(refused.savedChatflowId, undefined)
        assert.match(
            refused.notSaved!,
            /Not saved: the verification found a regression .*"hi": the optimized flow answered differently.*save: "force"/
        )
        const forced = await optimize({ chatflowId: originalId, save: 'force', verify: { budgetUsd: 0.01, questions: ['hi'] } })
        assert.ok(forced.savedChatflowId)

        const before = stack.provider.requestsFor(upstream('budget')).length
        const frugal = await optimize({ chatflowId: originalId, verify: { budgetUsd: 1e-9 } })
        assert.deepEqual(frugal.verification!.results, [])
        assert.equal(frugal.verification!.notAsked.length, 3)
        assert.match(frugal.verification!.notAsked[0].reason, /budget of \$1e-9 would be exceeded/)
        assert.equal(stack.provider.requestsFor(upstream('budget')).length, before, 'nothing was spent')
        await assert.rejects(optimize({ chatflowId: originalId, verify: {} }), /HTTP 400: .*verify\.budgetUsd/)
    })

    it('an Agentflow v2 template is saved as an AGENTFLOW and, verified side by side, answers like its original (issue 13 §3)', async () => {
        const flow = parseFlowData(readFileSync(path.join(MARKETPLACE_AGENTFLOWS_V2_DIR, 'Translator.json'), 'utf8'))
        // Its LLM step on the stand-in, through the proxy as OpenAI, at temperature 0.
        const llm = flow.nodes.find((n) => n.data.name === 'llmAgentflow')!
        Object.assign(llm.data.inputs!, {
            llmModel: 'chatOpenAI',
            llmModelConfig: {
                llmModel: 'chatOpenAI',
                modelName: 'budget',
                basepath: `${stack.litellm.url}/v1`,
                temperature: 0,
                streaming: false,
                FLOWISE_CREDENTIAL_ID: openAICredential
            }
        })
        const optimized = await optimize({ flowData: flow, save: true, verify: { budgetUsd: 0.01, questions: ['good morning'] } })
        const saved = await flowise.client.request<{ type: string }>('GET', `/chatflows/${optimized.savedChatflowId}`)
        assert.equal(saved.type, 'AGENTFLOW')
        assert.deepEqual(
            optimized.verification!.results.map((r) => [r.agreement, r.original.error]),
            [['exact', undefined]]
        )
        assert.ok(optimized.verification!.original.calls >= 1, JSON.stringify(optimized.verification))

        // Under a cost limit its LLM step's model becomes the LiteLLM Router, and it still answers the same.
        const routed = await optimize({
            flowData: flow,
            constraints: { maxCostUsd: 0.01 },
            verify: { budgetUsd: 0.01, questions: ['good evening'] }
        })
        assert.ok(
            routed.report.changes.some((c) => c.pass === 'route-through-router' && c.nodeIds[0] === llm.id),
            JSON.stringify(routed.report.findings)
        )
        const step = (JSON.parse(routed.flowData) as FlowData).nodes.find((n) => n.id === llm.id)!
        assert.equal(step.data.inputs!.llmModel, 'liteLLMRouter')
        assert.deepEqual(
            routed.verification!.results.map((r) => [r.agreement, r.optimized.error]),
            [['exact', undefined]]
        )
    })

    it('routed, a ChatOpenAI keeps every setting: the provider receives them, image uploads stay allowed (issue 12 §1.2)', async () => {
        const flow = new FlowBuilder(catalog)
            .add('promptTemplate', 'promptTemplate_0', { template: 'Q: {question}', promptValues: '' })
            .add('chatOpenAI', 'chatOpenAI_0', {
                modelName: 'budget',
                basepath: `${stack.litellm.url}/v1`,
                temperature: 0.2,
                topP: 0.3,
                stopSequence: 'END,STOP',
                frequencyPenalty: 0.5,
                presencePenalty: 0.4,
                timeout: 15000,
                allowImageUploads: true,
                streaming: false
            })
            .add('llmChain', 'llmChain_0')
            .connect('chatOpenAI_0', 'llmChain_0', 'model')
            .connect('promptTemplate_0', 'llmChain_0', 'prompt')
            .build()
        flow.nodes[1].data.credential = openAICredential
        const originalId = await create('ChatOpenAI with settings', flow)
        const optimized = await optimize({ chatflowId: originalId, save: true, constraints: { maxCostUsd: 0.01 } })
        assert.ok(
            optimized.report.changes.some((c) => c.pass === 'route-through-router'),
            JSON.stringify(optimized.report.findings)
        )
        const sent = async (id: string) => {
            stack.provider.reset()
            await flowise.client.predict(id, 'settings?')
            const [request] = stack.provider.requestsFor(upstream('budget'))
            const body = request.body as unknown as Record<string, unknown>
            return Object.fromEntries(['temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty'].map((k) => [k, body[k]]))
        }
        const before = await sent(originalId)
        assert.deepEqual(before, { temperature: 0.2, top_p: 0.3, stop: ['END', 'STOP'], frequency_penalty: 0.5, presence_penalty: 0.4 })
        assert.deepEqual(await sent(optimized.savedChatflowId!), before)
        for (const id of [originalId, optimized.savedChatflowId!]) {
            const uploads = await flowise.client.request<{ isImageUploadAllowed: boolean }>('GET', `/chatflows-uploads/${id}`)
            assert.equal(uploads.isImageUploadAllowed, true, id === originalId ? 'original' : 'copy')
        }
    })

    it('validates flows on their own', async () => {
        const good = await flowise.client.request<ValidationReport>('POST', '/orquesta/validate', {
            flowData: routerChain(catalog).build()
        })
        assert.deepEqual(good, { valid: true, issues: [], endingNodes: ['llmChain_0'] })
        const warned = routerChain(catalog).build()
        warned.edges.push({ ...warned.edges[0] })
        const tolerated = await flowise.client.request<ValidationReport>('POST', '/orquesta/validate', { flowData: warned })
        assert.equal(tolerated.valid, true)
        assert.deepEqual(
            tolerated.issues.map((i) => [i.code, i.severity]),
            [['duplicate-edge', 'warning']]
        )
        const broken = routerChain(catalog).build()
        broken.edges[0].source = 'ghost_0'
        const bad = await flowise.client.request<ValidationReport>('POST', '/orquesta/validate', { flowData: broken })
        assert.equal(bad.valid, false)
        assert.match(bad.issues[0].message, /refers to missing node ghost_0/)
    })

    it('answers bad input with a clear error and keeps Flowise running', async () => {
        await assert.rejects(optimize({ flowData: '{"nodes": [' }), /HTTP 400: .*Invalid flowData: not JSON/)
        await assert.rejects(optimize({}), /HTTP 400: .*give exactly one of flowData and chatflowId/)
        await assert.rejects(
            optimize({ flowData: routerChain(catalog).build(), constraints: { maxCostUsd: -1 } }),
            /HTTP 400: .*constraints\.maxCostUsd/
        )
        const broken = routerChain(catalog).build()
        broken.nodes[0].data.name = 'noSuchNode'
        await assert.rejects(optimize({ flowData: broken }), /HTTP 422: .*unknown type noSuchNode/)
        await assert.rejects(optimize({ chatflowId: '00000000-0000-0000-0000-000000000000' }), /HTTP 404/)
        const huge = JSON.stringify({ nodes: [], edges: [], padding: 'x'.repeat(10 * 1024 * 1024) })
        await assert.rejects(optimize({ flowData: huge }), /HTTP 400: .*byte limit/)
        const ping = await fetch(`${flowise.server.url}/api/v1/ping`)
        assert.equal(ping.status, 200)
    })
})
