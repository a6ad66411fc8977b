import type { NodeRisk } from '../../security/securityLevel'
import type { SourceKind, ToolKind } from '../spec'

/** Tool nodes by capability, best first (a missing credential moves a node down, see the composer). */
export const TOOL_NODES: Readonly<Record<ToolKind, readonly string[]>> = {
    calculator: ['calculator'],
    datetime: ['currentDateTime'],
    'web-search': ['searXNG', 'tavilyAPI', 'braveSearchAPI', 'serper', 'serpAPI', 'googleCustomSearch', 'searchAPI', 'exaSearch'],
    'web-request': ['requestsGet', 'requestsPost'],
    'web-browser': ['webBrowser', 'webScraperTool'],
    code: ['codeInterpreterE2B'],
    files: ['readFile', 'writeFile']
}

/** The risk a tool kind carries, for the security checks. */
export const TOOL_RISKS: Readonly<Partial<Record<ToolKind, NodeRisk>>> = {
    'web-request': 'reaches-urls',
    'web-browser': 'reaches-urls',
    code: 'runs-code',
    files: 'touches-files'
}

/** Document loaders by source kind (chatflows; Agentflow v2 reads document stores). */
export const LOADER_NODES: Readonly<Record<Exclude<SourceKind, 'document-store' | 'unspecified'>, readonly string[]>> = {
    pdf: ['pdfFile'],
    text: ['plainText', 'textFile'],
    csv: ['csvFile'],
    docx: ['docxFile'],
    json: ['jsonFile'],
    web: ['cheerioWebScraper']
}

/** Preferred nodes for an anchor type, tried before any other node that provides it. */
export const PREFERRED_PROVIDERS: Readonly<Record<string, readonly string[]>> = {
    BaseChatModel: ['liteLLMRouter'],
    BaseLanguageModel: ['liteLLMRouter'],
    BaseLLM: ['liteLLMRouter'],
    BaseMemory: ['bufferMemory'],
    BaseChatMemory: ['bufferMemory'],
    BasePromptTemplate: ['promptTemplate'],
    BaseLLMOutputParser: ['structuredOutputParser'],
    BaseOutputParser: ['structuredOutputParser'],
    BaseRetriever: ['memoryVectorStore'],
    Embeddings: ['openAIEmbeddings'],
    TextSplitter: ['recursiveCharacterTextSplitter']
}
