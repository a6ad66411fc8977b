import type { AnchorSpec, CatalogEntry } from '../../capabilities/types'
import type { FlowNode } from '../../flow/flowData'
import type { RequirementSpec } from '../spec'
import { FlowBuilder } from './flowBuilder'
import { nodeInputs } from './nodeInputs'
import { allowedNode, credentialFor, isDeprecated, needsCredential, providerIndex, providersFor, type Provider } from './providers'
import { LOADER_NODES, TOOL_NODES } from './toolNodes'
import type { ComposeContext, ComposeResult } from './types'

const MODEL_TYPES = new Set(['BaseChatModel', 'BaseLanguageModel', 'BaseLLM'])
const MEMORY_TYPES = new Set(['BaseMemory', 'BaseChatMemory'])
const PARSER_TYPES = new Set(['BaseLLMOutputParser', 'BaseOutputParser'])
/** How deep the search fills anchors below the ending node (a retrieval chain needs 3 levels). */
const MAX_DEPTH = 4
/** Providers tried per anchor before giving up on it. */
const MAX_TRIES = 6
/** Ending nodes known to run well, tried first in this order when they fit equally. */
const ENDING_PREFERENCE = ['llmChain', 'conversationChain', 'conversationalRetrievalQAChain', 'toolAgent']

/** One node of a planned flow and what fills its anchors. */
interface PlannedNode {
    readonly entry: CatalogEntry
    readonly output?: string
    readonly children: { readonly anchor: string; readonly node: PlannedNode }[]
}

type Need = 'memory' | 'retrieval' | 'tools' | 'structured'

const needsOf = (spec: RequirementSpec): Need[] => [
    ...(spec.memory ? (['memory'] as const) : []),
    ...(spec.retrieval && spec.tools.length === 0 ? (['retrieval'] as const) : []),
    ...(spec.tools.length > 0 ? (['tools'] as const) : []),
    ...(spec.structuredOutput ? (['structured'] as const) : [])
]

/** The need an anchor serves, or undefined for a plain part (model, prompt…). */
const needOfAnchor = (anchor: AnchorSpec): Need | undefined =>
    MEMORY_TYPES.has(anchor.type)
        ? 'memory'
        : anchor.type === 'BaseRetriever'
          ? 'retrieval'
          : anchor.type === 'Tool' && anchor.list
            ? 'tools'
            : PARSER_TYPES.has(anchor.type)
              ? 'structured'
              : undefined

/** An ending node fits when it has an anchor for every need and needs no part the spec excludes (memory it always keeps is a cost, not a misfit). */
const endingFit = (entry: CatalogEntry, needs: readonly Need[]): { extras: number } | undefined => {
    const served = new Set(entry.anchors.map(needOfAnchor).filter(Boolean))
    if (!entry.anchors.some((a) => MODEL_TYPES.has(a.type))) return undefined
    if (needs.some((n) => !served.has(n))) return undefined
    let extras = 0
    for (const anchor of entry.anchors) {
        const need = needOfAnchor(anchor)
        if (!need || anchor.optional || needs.includes(need)) continue
        if (need !== 'memory') return undefined
        extras++
    }
    return { extras }
}

/** Searches for the nodes that fill `anchor` (recursively); undefined with the missing part when none can. */
const fill = (
    type: string,
    depth: number,
    index: ReturnType<typeof providerIndex>,
    context: ComposeContext,
    missing: Set<string>
): PlannedNode | undefined => {
    if (depth > MAX_DEPTH) {
        missing.add(`a ${type} within ${MAX_DEPTH} levels`)
        return undefined
    }
    let providers: Provider[] = providersFor(type, index, context)
    // The retriever of a document-store source is the store itself.
    if (type === 'BaseRetriever' && context.spec.retrieval?.source === 'document-store') {
        const store = providers.find((p) => p.entry.name === 'documentStoreVS')
        if (store) providers = [store, ...providers.filter((p) => p !== store)]
    }
    for (const provider of providers.slice(0, MAX_TRIES)) {
        const children: PlannedNode['children'][number][] = []
        let complete = true
        for (const anchor of provider.entry.anchors) {
            if (anchor.optional) {
                // A vector store's documents: what a retrieval flow reads.
                if (anchor.type === 'Document' && context.spec.retrieval) {
                    const loader = loaderFor(context)
                    if (loader) children.push({ anchor: anchor.name, node: { entry: loader, output: 'document', children: [] } })
                }
                continue
            }
            const child = fill(anchor.type, depth + 1, index, context, missing)
            if (!child) {
                complete = false
                break
            }
            children.push({ anchor: anchor.name, node: child })
        }
        if (complete) return { entry: provider.entry, output: provider.output, children }
    }
    if (providers.length === 0) missing.add(`a node that provides ${type}`)
    return undefined
}

/** The document loader for the spec's source kind (plain text when the source is not named: the answer asks for it). */
const loaderFor = (context: ComposeContext): CatalogEntry | undefined => {
    const source = context.spec.retrieval?.source
    if (!source || source === 'document-store') return undefined
    const names = source === 'unspecified' ? LOADER_NODES.text : LOADER_NODES[source]
    return names.map((n) => context.catalog.get(n)).find((e): e is CatalogEntry => !!e && !isDeprecated(e) && allowedNode(e, context))
}

/** The tool nodes of the spec's tool kinds (and a retriever tool when a tool agent also retrieves). */
const toolNodes = (context: ComposeContext, index: ReturnType<typeof providerIndex>, missing: Set<string>): PlannedNode[] => {
    const planned: PlannedNode[] = []
    for (const kind of context.spec.tools) {
        const candidates = TOOL_NODES[kind]
            .map((n) => context.catalog.get(n))
            .filter((e): e is CatalogEntry => !!e && !isDeprecated(e) && allowedNode(e, context))
            .sort(
                (a, b) =>
                    Number(needsCredential(a) && !credentialFor(a, context)) - Number(needsCredential(b) && !credentialFor(b, context))
            )
        let placed = false
        for (const entry of candidates) {
            const children: PlannedNode['children'][number][] = []
            const ok = entry.anchors.every((anchor) => {
                if (anchor.optional) return true
                const child = fill(anchor.type, 2, index, context, missing)
                if (child) children.push({ anchor: anchor.name, node: child })
                return !!child
            })
            if (ok) {
                planned.push({ entry, children })
                placed = true
                break
            }
        }
        if (!placed) missing.add(`a tool node for ${kind} (${TOOL_NODES[kind].join(', ')} not available or not allowed)`)
    }
    if (context.spec.retrieval) {
        const tool = context.catalog.get('retrieverTool')
        const retriever = tool && fill('BaseRetriever', 2, index, context, missing)
        if (tool && retriever) planned.push({ entry: tool, children: [{ anchor: 'retriever', node: retriever }] })
        else missing.add('a retriever tool')
    }
    return planned
}

/**
 * Composes a chatflow by a type-directed search over the catalog: the ending node (chain or
 * agent) that has an anchor for every need, then each required anchor filled, recursively, with
 * the best node whose outputs provide the anchor's type ({@link providersFor}), optional anchors
 * only for a need (memory, documents, tools, an output parser). Every edge joins an output to an
 * anchor whose type it provides, so the flow validates by construction.
 */
export const composeChatflow = (context: ComposeContext): ComposeResult => {
    const entries = context.catalog.entries()
    const index = providerIndex(entries)
    const needs = needsOf(context.spec)
    const endings = entries
        .filter((e) => (e.category === 'Chains' || e.category === 'Agents') && !isDeprecated(e) && !e.author && allowedNode(e, context))
        .map((entry) => ({ entry, fit: endingFit(entry, needs) }))
        .filter((c): c is { entry: CatalogEntry; fit: { extras: number } } => c.fit !== undefined)
        .sort((a, b) => {
            const rank = (e: CatalogEntry) =>
                ENDING_PREFERENCE.includes(e.name) ? ENDING_PREFERENCE.indexOf(e.name) : ENDING_PREFERENCE.length
            return a.fit.extras - b.fit.extras || rank(a.entry) - rank(b.entry) || (a.entry.name < b.entry.name ? -1 : 1)
        })
    if (endings.length === 0)
        return {
            ok: false,
            missing: [`a chain or agent node that takes ${needs.join(' + ') || 'a chat model'} together`],
            explanation: `No chain or agent node of this Flowise has inputs for ${needs.join(', ')} at once; an agentflow can combine them (ask with type "agentflow").`
        }
    const missing = new Set<string>()
    for (const { entry, fit } of endings.slice(0, MAX_TRIES)) {
        const children: PlannedNode['children'][number][] = []
        let complete = true
        for (const anchor of entry.anchors) {
            const need = needOfAnchor(anchor)
            if (need === 'tools') {
                const tools = toolNodes(context, index, missing)
                if (tools.length < context.spec.tools.length + (context.spec.retrieval ? 1 : 0)) {
                    complete = false
                    break
                }
                for (const tool of tools) children.push({ anchor: anchor.name, node: tool })
                continue
            }
            if (anchor.optional && !(need && needs.includes(need))) continue
            const child = fill(anchor.type, 1, index, context, missing)
            if (!child) {
                complete = false
                break
            }
            children.push({ anchor: anchor.name, node: child })
        }
        if (!complete) continue
        return materialize({ entry, children }, context, fit.extras > 0 ? [`${entry.label} always keeps conversation memory`] : [])
    }
    return { ok: false, missing: [...missing], explanation: `The catalog cannot provide ${[...missing].join('; ')}.` }
}

const materialize = (root: PlannedNode, context: ComposeContext, notes: string[]): ComposeResult => {
    const builder = new FlowBuilder()
    const questions: string[] = []
    const place = (planned: PlannedNode, depth: number): FlowNode => {
        const { inputs, questions: asked } = nodeInputs(planned.entry, context)
        const credential = needsCredential(planned.entry) ? credentialFor(planned.entry, context) : undefined
        const node = builder.add(
            planned.entry,
            depth,
            inputs,
            credential ?? (planned.entry.name === 'openAIEmbeddings' ? context.proxyCredentialId : undefined)
        )
        questions.push(...asked.map((q) => `${node.id}: ${q}`))
        if (needsCredential(planned.entry) && !node.data.credential)
            questions.push(
                `${node.id} (${planned.entry.label}) needs a credential of type ${planned.entry.credentialNames.join(' or ')}; add one to the workspace and select it on the node`
            )
        for (const child of planned.children) builder.connect(place(child.node, depth + 1), node, child.anchor, child.node.output)
        return node
    }
    place(root, 0)
    return {
        ok: true,
        flow: builder.build(),
        type: 'CHATFLOW',
        componentsUsed: builder.used,
        questions,
        explanation: [
            `${root.entry.label} answers, on the LiteLLM Router`,
            ...root.children.map((c) => `${c.node.entry.label} fills its ${c.anchor}`),
            ...notes
        ]
    }
}
