import type { CatalogEntry } from '../../capabilities/types'
import type { FlowNode } from '../../flow/flowData'
import { FlowBuilder } from './flowBuilder'
import { instructionsFor } from './nodeInputs'
import { allowedNode, credentialFor, isDeprecated, needsCredential } from './providers'
import { TOOL_NODES } from './toolNodes'
import type { ComposeContext, ComposeResult } from './types'

const ROUTER = 'liteLLMRouter'
/** The scenarios of generated Condition Agents: fixed words (the purpose goes into the instructions, not into a branch name). */
export const MAIN_SCENARIO = 'The request is about the main task'
export const DONE_SCENARIO = 'The answer is complete and correct'
/** How often a generated loop goes back before it gives up. */
const MAX_LOOPS = 2

/** The message list of an LLM or Agent step: the instructions as its system message. */
const messages = (instructions: string) => [{ role: 'system', content: `<p>${instructions.replace(/[<>&]/g, ' ')}</p>` }]

/**
 * Composes an Agentflow v2 (pure): Start, then a Condition Agent when the spec branches (each
 * branch its own step), the main step — an Agent when it has tools or a document store to read,
 * else an LLM — with memory, structured output and the router as its model; a loop back to it,
 * behind a Condition Agent that decides whether the answer is done, when the spec loops.
 * Agentflow v2 has no document loaders: retrieval reads a document store, which is asked for
 * when none is given.
 */
export const composeAgentflow = (context: ComposeContext): ComposeResult => {
    const { spec, catalog } = context
    const need = (name: string): CatalogEntry | undefined => {
        const entry = catalog.get(name)
        return entry && !isDeprecated(entry) ? entry : undefined
    }
    const questions: string[] = []
    const explanation: string[] = []
    const missing: string[] = []
    const tools: { entry: CatalogEntry; credential?: string }[] = []
    for (const kind of spec.tools) {
        const entry = TOOL_NODES[kind]
            .map((n) => catalog.get(n))
            .filter((e): e is CatalogEntry => !!e && !isDeprecated(e) && allowedNode(e, context) && e.anchors.every((a) => a.optional))
            .sort(
                (a, b) =>
                    Number(needsCredential(a) && !credentialFor(a, context)) - Number(needsCredential(b) && !credentialFor(b, context))
            )[0]
        if (!entry) missing.push(`a tool node for ${kind} that an Agent can hold`)
        else tools.push({ entry, credential: credentialFor(entry, context) })
    }
    const retrieves = spec.retrieval !== undefined
    const mainName = tools.length > 0 || retrieves ? 'agentAgentflow' : 'llmAgentflow'
    const start = need('startAgentflow')
    const main = need(mainName)
    const condition = spec.conditions || spec.loops ? need('conditionAgentAgentflow') : undefined
    const router = need(ROUTER)
    if (!start) missing.push('the Start node (startAgentflow)')
    if (!main) missing.push(`the ${mainName} node`)
    if ((spec.conditions || spec.loops) && !condition) missing.push('the Condition Agent node (conditionAgentAgentflow)')
    if (spec.loops && !need('loopAgentflow')) missing.push('the Loop node (loopAgentflow)')
    if (!router) missing.push('the LiteLLM Router chat model')
    if (missing.length > 0 || !start || !main || !router)
        return { ok: false, missing, explanation: `This Flowise cannot build the agentflow: it lacks ${missing.join('; ')}.` }

    const instructions = instructionsFor(spec.purpose, spec.language)
    const modelConfig = (prefix: string) => ({
        [`${prefix}Model`]: ROUTER,
        [`${prefix}ModelConfig`]: { ...context.models.routerInputs, [`${prefix}Model`]: ROUTER }
    })
    const memory = (prefix: string) => ({ [`${prefix}EnableMemory`]: spec.memory })
    const structured = (prefix: string) =>
        spec.structuredOutput
            ? {
                  [`${prefix}StructuredOutput`]: [
                      { key: 'answer', type: 'string', enumValues: '', jsonSchema: '', description: "the answer to the user's request" }
                  ]
              }
            : {}
    const builder = new FlowBuilder()
    const startNode = builder.add(start, 0, { startInputType: 'chatInput', startEphemeralMemory: !spec.memory })
    const step = (depth: number, label: string): FlowNode => {
        if (mainName === 'agentAgentflow') {
            const knowledge =
                retrieves && context.material.documentStoreId
                    ? [
                          {
                              documentStore: context.material.documentStoreId,
                              docStoreDescription: 'The documents to answer from',
                              returnSourceDocuments: true
                          }
                      ]
                    : []
            const node = builder.add(main, depth, {
                ...modelConfig('agent'),
                agentMessages: messages(instructions),
                agentTools: tools.map(({ entry, credential }) => ({
                    agentSelectedTool: entry.name,
                    agentSelectedToolRequiresHumanInput: false,
                    agentSelectedToolConfig: { agentSelectedTool: entry.name, ...(credential ? { FLOWISE_CREDENTIAL_ID: credential } : {}) }
                })),
                agentKnowledgeDocumentStores: knowledge,
                ...memory('agent'),
                ...structured('agent')
            })
            node.data.label = label
            return node
        }
        const node = builder.add(main, depth, {
            ...modelConfig('llm'),
            llmMessages: messages(instructions),
            ...memory('llm'),
            ...structured('llm')
        })
        node.data.label = label
        return node
    }
    const conditionNode = (depth: number, scenarios: readonly string[], instruction: string): FlowNode =>
        builder.add(condition!, depth, {
            ...modelConfig('conditionAgent'),
            conditionAgentInstructions: instruction,
            conditionAgentInput: '{{ question }}',
            conditionAgentScenarios: scenarios.map((scenario) => ({ scenario })),
            conditionAgentEnableMemory: spec.memory
        })
    if (spec.conditions) {
        const branch = conditionNode(
            1,
            [MAIN_SCENARIO, 'Anything else'],
            `Decide whether the request is about the main task: ${spec.purpose.replace(/[{}]/g, '') || 'the assistant’s task'}.`
        )
        builder.connectStep(startNode, branch)
        const first = step(2, 'Main task')
        const other = step(2, 'Other requests')
        builder.connectStep(branch, first, 0)
        builder.connectStep(branch, other, 1)
        explanation.push('a Condition Agent routes each request to one of two steps')
        if (spec.loops) addLoop(builder, first, 3)
    } else {
        const mainNode = step(1, mainName === 'agentAgentflow' ? 'Agent' : 'LLM')
        builder.connectStep(startNode, mainNode)
        if (spec.loops) addLoop(builder, mainNode, 2)
    }
    function addLoop(b: FlowBuilder, target: FlowNode, depth: number) {
        const check = conditionNode(depth, [DONE_SCENARIO, 'The answer needs another try'], 'Judge the previous answer.')
        b.connectStep(target, check)
        const loop = b.add(need('loopAgentflow')!, depth + 1, {
            loopBackToNode: `${target.id}-${target.data.label}`,
            maxLoopCount: MAX_LOOPS
        })
        b.connectStep(check, loop, 1)
        explanation.push(`a Condition Agent checks the answer and loops back to ${target.id} at most ${MAX_LOOPS} times`)
    }
    if (retrieves && !context.material.documentStoreId)
        questions.push(
            'Agentflow v2 has no document loaders: retrieval reads a Flowise document store. Create one with your documents and give its id (context.documentStoreId), or ask for a chatflow'
        )
    for (const { entry, credential } of tools)
        if (needsCredential(entry) && !credential)
            questions.push(
                `the ${entry.label} tool needs a credential of type ${entry.credentialNames.join(' or ')}; add one to the workspace`
            )
    if (!context.models.routerInputs.candidateModels)
        questions.push('no proxy model could be chosen; set Candidate Models on each step once the proxy serves one')
    explanation.unshift(
        `${mainName === 'agentAgentflow' ? 'an Agent' : 'an LLM step'} answers on the LiteLLM Router${tools.length ? ` with ${tools.map((t) => t.entry.label).join(', ')}` : ''}${spec.memory ? ', remembering the conversation' : ''}${spec.structuredOutput ? ', with structured output' : ''}`
    )
    return {
        ok: true,
        flow: builder.build(true),
        type: 'AGENTFLOW',
        componentsUsed: [...builder.used, ...tools.map((t) => t.entry.name)],
        questions,
        explanation
    }
}
