import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadNodeFile } from '../../../plugin/capabilities/loadNodeFile'
import { PLUGIN_NODES_DIR } from '../../../plugin/paths'

const COMPONENTS = path.join(path.dirname(require.resolve('flowise-components')), '..', 'nodes')

const capabilitiesOf = async (file: string) => {
    const result = await loadNodeFile(file, false)
    assert.equal(result.kind, 'node', `${file} loads as a node`)
    return result.kind === 'node' ? result.entry : undefined!
}

// Each rule, checked on the real Flowise node classes it is about.
describe('capability rules on real Flowise nodes', () => {
    for (const [file, expected] of [
        ['chatmodels/ChatOpenAI/ChatOpenAI.js', ['accepts-cache', 'chat-model', 'streaming', 'tool-calling', 'vision']],
        ['chatmodels/ChatAnthropic/ChatAnthropic.js', ['accepts-cache', 'chat-model', 'streaming', 'tool-calling', 'vision']],
        ['chatmodels/ChatLitellm/ChatLitellm.js', ['accepts-cache', 'chat-model', 'streaming', 'tool-calling', 'vision']],
        ['chatmodels/ChatHuggingFace/ChatHuggingFace.js', ['accepts-cache', 'chat-model']],
        ['llms/OpenAI/OpenAI.js', ['accepts-cache', 'llm']],
        ['memory/BufferMemory/BufferMemory.js', ['memory']],
        ['vectorstores/InMemory/InMemoryVectorStore.js', ['retriever', 'vector-store']],
        ['retrievers/HydeRetriever/HydeRetriever.js', ['retriever']],
        ['tools/Calculator/Calculator.js', ['tool']],
        ['cache/InMemoryCache/InMemoryCache.js', ['cache']],
        ['embeddings/OpenAIEmbedding/OpenAIEmbedding.js', ['embeddings']],
        ['chains/LLMChain/LLMChain.js', ['chain']]
    ] as const) {
        it(`${file}: ${expected.join(', ')}`, async () => {
            const entry = await capabilitiesOf(path.join(COMPONENTS, file))
            assert.deepEqual(entry.capabilities, expected)
        })
    }

    it("the plugin's own router node is a tool-calling, streaming, vision-capable chat model that accepts a cache", async () => {
        const entry = await capabilitiesOf(path.join(PLUGIN_NODES_DIR, 'LiteLLMRouter', 'LiteLLMRouter.js'))
        assert.deepEqual(entry.capabilities, ['accepts-cache', 'chat-model', 'streaming', 'tool-calling', 'vision'])
        assert.deepEqual(entry.credentialNames, ['liteLLMRouterApi'])
    })

    it('splits inputs into anchors (with type and list) and parameters (with options and defaults)', async () => {
        const chain = await capabilitiesOf(path.join(COMPONENTS, 'chains/LLMChain/LLMChain.js'))
        assert.deepEqual(
            chain.anchors.map((a) => [a.name, a.type, a.list, a.optional]),
            [
                ['model', 'BaseLanguageModel', false, false],
                ['prompt', 'BasePromptTemplate', false, false],
                ['outputParser', 'BaseLLMOutputParser', false, true],
                ['inputModeration', 'Moderation', true, true]
            ]
        )
        assert.deepEqual(
            chain.outputs.map((o) => o.name),
            ['llmChain', 'outputPrediction']
        )
        const openAI = await capabilitiesOf(path.join(COMPONENTS, 'chatmodels/ChatOpenAI/ChatOpenAI.js'))
        const model = openAI.params.find((p) => p.name === 'modelName')
        assert.equal(model?.type, 'asyncOptions')
        assert.equal(model?.loadMethod, 'listModels')
        assert.equal(openAI.params.find((p) => p.name === 'temperature')?.default, 0.9)
        assert.match(openAI.hash, /^[0-9a-f]{64}$/)
    })

    it('records badges such as DEPRECATING', async () => {
        const entry = await capabilitiesOf(path.join(COMPONENTS, 'llms/OpenAI/OpenAI.js'))
        assert.ok(entry.badges.includes('DEPRECATING'))
    })

    it('reports helper files as not nodes', async () => {
        const result = await loadNodeFile(path.join(COMPONENTS, 'chatmodels/ChatHuggingFace/core.js'), false)
        assert.equal(result.kind, 'not-a-node')
    })
})
