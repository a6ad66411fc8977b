import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { realCatalog } from '../../../support/catalog'
import { waitFor } from '../../../support/waitFor'
import { LangfuseCollector } from '../../../support/collectors/langfuseCollector'
import { LangSmithCollector } from '../../../support/collectors/langsmithCollector'
import { type TestFlowise, startTestFlowise } from '../../../support/flowise'
import { routerChain } from '../../../support/flows'
import { startTestStack, type TestStack } from '../../../support/stack'

const LANGFUSE_SECRET = 'sk-lf-e2e-secret'
const LANGSMITH_KEY = 'lsv2-e2e-key'

let stack: TestStack
let flowise: TestFlowise
let langfuse: LangfuseCollector
let langsmith: LangSmithCollector

describe('tracing configured by environment variables inside a real Flowise', { timeout: 300_000 }, () => {
    before(async () => {
        langfuse = await new LangfuseCollector('pk-lf-e2e', LANGFUSE_SECRET).start()
        langsmith = await new LangSmithCollector(LANGSMITH_KEY).start()
        stack = await startTestStack()
        flowise = await startTestFlowise({
            LITELLM_PROXY_URL: stack.litellm.url,
            LITELLM_MASTER_KEY: stack.masterKey,
            LANGFUSE_PUBLIC_KEY: 'pk-lf-e2e',
            LANGFUSE_SECRET_KEY: LANGFUSE_SECRET,
            LANGFUSE_HOST: langfuse.url,
            LANGSMITH_TRACING: 'true',
            LANGSMITH_API_KEY: LANGSMITH_KEY,
            LANGSMITH_ENDPOINT: langsmith.url,
            LANGSMITH_PROJECT: 'orquesta-e2e',
            ORQUESTA_TRACE_FLUSH_INTERVAL_MS: '100'
        })
    })
    after(async () => {
        await flowise?.stop()
        await stack?.stop()
        await langfuse?.stop()
        await langsmith?.stop()
    })

    it('traces a prediction through the router to Langfuse and LangSmith with tags, model, usage and cost', async () => {
        const catalog = await realCatalog()
        const flow = routerChain(catalog, { taskCategory: 'coding', securityLevel: 'confidential' }).build()
        const id = await flowise.client.createChatflow('traced', flow.nodes, flow.edges)
        const answer = await flowise.client.predict(id, 'trace me')
        const chatId = answer.chatId as string

        const generation = await waitFor(
            'the Langfuse generation',
            () => langfuse.events.find((e) => e.type === 'generation-create'),
            30_000
        )
        const trace = langfuse.events.find((e) => e.type === 'trace-create' && e.body.id === generation.body.traceId)!
        assert.deepEqual(trace.body.tags, ['orchestration', 'coding', 'security:confidential'])
        assert.equal(trace.body.sessionId, chatId)
        assert.equal(generation.body.model, 'budget')
        const usage = generation.body.usageDetails as { input: number; output: number }
        assert.ok(usage.input > 0 && usage.output > 0)
        assert.ok((generation.body.costDetails as { total: number }).total > 0)
        assert.equal((generation.body.metadata as { orquesta: { model: string } }).orquesta.model, 'budget')

        const run = await waitFor('the LangSmith run', () => langsmith.runs.find((r) => r.name === 'LiteLLMRouter'), 30_000)
        assert.deepEqual(run.tags, ['orchestration', 'coding', 'security:confidential'])
        assert.equal(run.session_name, 'orquesta-e2e')
        assert.equal((run.extra as { metadata: { ls_model_name: string } }).metadata.ls_model_name, 'budget')

        for (const request of [...langfuse.requests, ...langsmith.requests]) {
            for (const secret of [LANGFUSE_SECRET, LANGSMITH_KEY, stack.masterKey])
                assert.ok(!request.body.includes(secret), 'a secret in a trace')
        }
    })

    it('traces an optimizer run as its own trace', async () => {
        const catalog = await realCatalog()
        await flowise.client.request('POST', '/orquesta/optimize', { flowData: routerChain(catalog).build() })
        const trace = await waitFor(
            'the optimizer trace',
            () => langfuse.events.find((e) => e.type === 'trace-create' && e.body.name === 'orquesta.optimizer'),
            30_000
        )
        assert.deepEqual(trace.body.tags, ['orchestration', 'optimizer', 'rest'])
        assert.equal((trace.body.output as { status: string }).status, 'ok')
        await waitFor('the optimizer run in LangSmith', () => langsmith.runs.find((r) => r.name === 'orquesta.optimizer'), 30_000)
    })

    it('gives the router run inside a trace of the Langfuse analytics Flowise runs itself (a credential) its tags and metadata', async (t) => {
        const flowiseLangfuse = await new LangfuseCollector('pk-lf-flowise', 'sk-lf-flowise').start()
        t.after(() => flowiseLangfuse.stop())
        const credentialId = await flowise.client.createCredential('langfuse', 'langfuseApi', {
            langFusePublicKey: 'pk-lf-flowise',
            langFuseSecretKey: 'sk-lf-flowise',
            langFuseEndpoint: flowiseLangfuse.url
        })
        const catalog = await realCatalog()
        const flow = routerChain(catalog, { taskCategory: 'extraction', securityLevel: 'restricted' }).build()
        const id = await flowise.client.createChatflow('analytics', flow.nodes, flow.edges)
        await flowise.client.request('PUT', `/chatflows/${id}`, { analytic: JSON.stringify({ langFuse: { credentialId, status: true } }) })
        await flowise.client.predict(id, 'inside a Flowise trace')
        const generation = await waitFor(
            "the router's generation in Flowise's trace",
            () =>
                flowiseLangfuse.events.find(
                    (e) => e.type === 'generation-create' && JSON.stringify(e.body.metadata ?? {}).includes('security:restricted')
                ),
            30_000
        )
        const metadata = generation.body.metadata as { tags?: string[]; security_level?: string }
        assert.deepEqual(metadata.tags, ['orchestration', 'extraction', 'security:restricted'])
        assert.equal(metadata.security_level, 'restricted')
    })
})
