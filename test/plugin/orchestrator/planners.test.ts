import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { LiteLLMClient } from '../../../plugin/litellm/LiteLLMClient'
import { resolveProxyEndpoint } from '../../../plugin/litellm/resolveEndpoint'
import { LlmPlanner } from '../../../plugin/orchestrator/planners/llmPlanner'
import { interpretByRules, rulesPlanner } from '../../../plugin/orchestrator/planners/rulesPlanner'
import { PlannerUnavailableError, type Planner } from '../../../plugin/orchestrator/planners/types'
import { BASE_SPEC, normalizeSpec, requirementSpecSchema } from '../../../plugin/orchestrator/spec'
import { freePort } from '../../../scripts/lib/processes'
import { StandInProvider, type ChatRequestBody } from '../../support/standInProvider'

const MODEL = 'planner'

/** The stand-in playing a planner model that reads requests as the rules do (through the LLM planner's real client and parsing). */
const plannerReply = (body: ChatRequestBody) => {
    const user = String(body.messages.find((m) => m.role === 'user')?.content ?? '')
    const query = /<request>\n([\s\S]*)\n<\/request>/.exec(user)?.[1] ?? ''
    return { toolCalls: [{ name: 'requirement_spec', arguments: JSON.stringify(interpretByRules(query).spec) }] }
}

const REQUESTS = [
    'A support bot that answers from our PDF manuals and remembers the conversation',
    'Un asistente con calculadora',
    'Classify the ticket; if billing then answer, otherwise escalate',
    ''
]

describe('planners: one conformance suite for every planner', () => {
    const provider = new StandInProvider()
    const planners: Record<string, () => Planner> = {}
    before(async () => {
        await provider.start()
        provider.script(MODEL, { reply: plannerReply })
        const client = new LiteLLMClient(resolveProxyEndpoint({ url: provider.baseUrl.replace(/\/v1$/, ''), key: 'sk-stand-in' }))
        planners.rules = () => rulesPlanner
        planners.llm = () => new LlmPlanner(async (body, signal) => (await client.chat(body, { signal })).completion, MODEL)
    })
    after(() => provider.stop())

    for (const name of ['rules', 'llm']) {
        describe(name, () => {
            for (const query of REQUESTS)
                it(`answers a normalized spec that passes the schema for "${query.slice(0, 40)}"`, async () => {
                    const result = await planners[name]().plan({ query, type: 'auto' })
                    assert.equal(result.planner.kind, name)
                    assert.ok(requirementSpecSchema.safeParse(result.spec).success)
                    assert.deepEqual(normalizeSpec(result.spec), result.spec)
                })
            it('keeps the flow type the request asks for', async () => {
                const asChatflow = await planners[name]().plan({
                    query: 'Classify the ticket; if billing then answer, otherwise escalate',
                    type: 'chatflow'
                })
                assert.equal(asChatflow.spec.flowType, 'chatflow')
                assert.equal(asChatflow.spec.conditions, false)
                const asAgentflow = await planners[name]().plan({ query: 'A helpful assistant', type: 'agentflow' })
                assert.equal(asAgentflow.spec.flowType, 'agentflow')
            })
        })
    }

    it('the LLM planner rejects with PlannerUnavailableError when its proxy is down (the rules then plan)', async () => {
        const closed = new LiteLLMClient(resolveProxyEndpoint({ url: `http://127.0.0.1:${await freePort()}`, key: 'sk-none' }))
        const planner = new LlmPlanner(async (body, signal) => (await closed.chat(body, { signal })).completion, MODEL)
        await assert.rejects(planner.plan({ query: 'a bot', type: 'auto' }), PlannerUnavailableError)
    })

    it('the LLM planner gives up within its time limit when the model hangs', async () => {
        provider.script('slow', { hang: true })
        const client = new LiteLLMClient(resolveProxyEndpoint({ url: provider.baseUrl.replace(/\/v1$/, ''), key: 'sk-stand-in' }))
        const planner = new LlmPlanner(async (body, signal) => (await client.chat(body, { signal })).completion, 'slow', 300)
        const started = Date.now()
        await assert.rejects(planner.plan({ query: 'a bot', type: 'auto' }), /did not answer within 300 ms/)
        assert.ok(Date.now() - started < 10_000)
    })

    it('the LLM planner repairs once, then rejects an answer that is still invalid', async () => {
        provider.script('broken', {
            reply: { toolCalls: [{ name: 'requirement_spec', arguments: JSON.stringify({ ...BASE_SPEC, tools: ['rocket'] }) }] }
        })
        const client = new LiteLLMClient(resolveProxyEndpoint({ url: provider.baseUrl.replace(/\/v1$/, ''), key: 'sk-stand-in' }))
        const planner = new LlmPlanner(async (body, signal) => (await client.chat(body, { signal })).completion, 'broken')
        const before = provider.requestsFor('broken').length
        await assert.rejects(planner.plan({ query: 'a bot', type: 'auto' }), /invalid spec twice \(tools\.0/)
        assert.equal(provider.requestsFor('broken').length - before, 2, 'one first answer and one repair round')
        const repair = provider.requestsFor('broken').at(-1)!.body.messages
        assert.match(String(repair.at(-1)?.content), /not a valid spec: tools\.0/)
    })
})
