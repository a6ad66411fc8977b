import type { CatalogEntry, NodeCapability } from './types'

/**
 * LangChain chat model classes that implement `bindTools` (tool calling). A chat model node
 * has the capability when one of its base classes is listed; the base classes come from the
 * node's own LangChain class (Flowise's `getBaseClasses`), so this is a fact about the code the
 * node runs, not a guess from its text.
 */
export const TOOL_CALLING_CLASSES: ReadonlySet<string> = new Set([
    'ChatOpenAI',
    'BaseChatOpenAI',
    'AzureChatOpenAI',
    'ChatAnthropic',
    'ChatGoogleGenerativeAI',
    'ChatVertexAI',
    'ChatMistralAI',
    'ChatOllama',
    'ChatGroq',
    'ChatBedrockConverse',
    'ChatCohere',
    'ChatFireworks',
    'ChatTogetherAI',
    'ChatDeepSeek',
    'ChatXAI',
    'ChatCerebras',
    'ChatIBMWatsonx',
    'LiteLLMRouterChatModel'
])

/** Categories that are capabilities by themselves (Flowise's own palette sections). */
const CATEGORY_CAPABILITIES: Readonly<Record<string, NodeCapability>> = {
    'Chat Models': 'chat-model',
    LLMs: 'llm',
    Embeddings: 'embeddings',
    'Vector Stores': 'vector-store',
    Retrievers: 'retriever',
    Memory: 'memory',
    Tools: 'tool',
    Cache: 'cache',
    'Document Loaders': 'document-loader',
    'Text Splitters': 'text-splitter',
    Chains: 'chain',
    Agents: 'agent',
    Prompts: 'prompt',
    'Output Parsers': 'output-parser'
}

type Described = Omit<CatalogEntry, 'capabilities'>

const producesClass = (node: Described, className: string) =>
    node.baseClasses.includes(className) || node.outputs.some((o) => o.baseClasses.includes(className))

/**
 * The capability rules (pure):
 * - the node's category, when it is one of Flowise's palette sections above;
 * - `retriever` also for any node that produces a `BaseRetriever`; `tool` for any node that
 *   produces a `Tool` or `StructuredTool`; `memory` for any that produces a `BaseChatMemory`;
 * - `streaming` for a chat model or LLM with a `streaming` input (the switch Flowise reads to
 *   decide whether a flow can stream);
 * - `vision` for a chat model with an `allowImageUploads` input (Flowise's image-upload switch);
 * - `tool-calling` for a chat model one of whose base classes is in {@link TOOL_CALLING_CLASSES};
 * - `accepts-cache` for any node with a `BaseCache` anchor.
 */
export const deriveCapabilities = (node: Described): NodeCapability[] => {
    const found = new Set<NodeCapability>()
    const fromCategory = CATEGORY_CAPABILITIES[node.category]
    if (fromCategory) found.add(fromCategory)
    if (producesClass(node, 'BaseRetriever')) found.add('retriever')
    if (producesClass(node, 'Tool') || producesClass(node, 'StructuredTool')) found.add('tool')
    if (producesClass(node, 'BaseChatMemory')) found.add('memory')
    const model = found.has('chat-model') || found.has('llm')
    const hasParam = (name: string) => node.params.some((p) => p.name === name)
    if (model && hasParam('streaming')) found.add('streaming')
    if (found.has('chat-model') && hasParam('allowImageUploads')) found.add('vision')
    if (found.has('chat-model') && node.baseClasses.some((c) => TOOL_CALLING_CLASSES.has(c))) found.add('tool-calling')
    if (node.anchors.some((a) => a.type === 'BaseCache')) found.add('accepts-cache')
    return [...found].sort()
}
