import type { CatalogEntry } from '../../capabilities/types'
import type { Language } from '../spec'
import type { ComposeContext } from './types'

/** The instructions a generated flow's model gets, in the request's language; the purpose is the planner's, stripped of prompt-variable braces. */
export const instructionsFor = (purpose: string, language: Language): string => {
    const clean = purpose.replace(/[{}]/g, '').trim()
    if (language === 'es')
        return clean ? `Eres un asistente útil. Tu tarea: ${clean}. Responde en español.` : 'Eres un asistente útil. Responde en español.'
    return clean ? `You are a helpful assistant. Your task: ${clean}.` : 'You are a helpful assistant.'
}

interface NodeSetup {
    readonly inputs: Record<string, unknown>
    /** What the user must still provide on this node. */
    readonly questions: string[]
}

const hasParam = (entry: CatalogEntry, name: string) => entry.params.some((p) => p.name === name)

/** The inputs the composer sets on a node it places (everything else keeps the node's defaults, as a dropped node does). */
export const nodeInputs = (entry: CatalogEntry, context: ComposeContext): NodeSetup => {
    const { spec, material } = context
    const instructions = instructionsFor(spec.purpose, spec.language)
    const inputs: Record<string, unknown> = {}
    const questions: string[] = []
    if (hasParam(entry, 'systemMessage')) inputs.systemMessage = instructions
    if (hasParam(entry, 'systemMessagePrompt')) inputs.systemMessagePrompt = instructions
    switch (entry.name) {
        case 'liteLLMRouter':
            Object.assign(inputs, context.models.routerInputs)
            if (!context.models.routerInputs.candidateModels)
                questions.push('no proxy model could be chosen as a candidate; pick Candidate Models on the node once the proxy serves one')
            break
        case 'promptTemplate':
            inputs.template = `${instructions}\n\n{question}`
            inputs.promptValues = ''
            break
        case 'structuredOutputParser':
            inputs.jsonStructure = JSON.stringify([{ property: 'answer', type: 'string', description: "the answer to the user's request" }])
            break
        case 'plainText':
            if (material.sourceText) inputs.text = material.sourceText
            else questions.push('which text should the flow answer from? Paste it into Text (or give context.sourceText)')
            break
        case 'cheerioWebScraper':
            if (material.sourceUrl) inputs.url = material.sourceUrl
            else questions.push('which web page should it read? Set its URL')
            break
        case 'documentStoreVS':
            if (material.documentStoreId) inputs.selectedStore = material.documentStoreId
            else questions.push('which document store should it search? Select it (or give context.documentStoreId)')
            break
        case 'openAIEmbeddings':
            if (context.embeddingModel && context.proxyCredentialId && context.proxyUrl) {
                inputs.modelName = context.embeddingModel
                inputs.basepath = `${context.proxyUrl}/v1`
            } else
                questions.push(
                    'embeddings go through the LiteLLM proxy: the proxy needs an embedding model and the workspace an OpenAI credential holding the proxy key'
                )
            break
        case 'retrieverTool':
            inputs.name = 'search_documents'
            inputs.description = 'Searches the documents this assistant answers from; use it for any question about them.'
            break
        default:
            // File loaders: the file is the user's to upload.
            for (const param of entry.params.filter((p) => p.type === 'file' && !p.optional))
                questions.push(`upload the ${spec.retrieval?.source ?? ''} file into ${param.label}`.replace('  ', ' '))
    }
    return { inputs, questions }
}
