import type { FlowData } from './flowData'

/** The chatflow types Flowise stores (`ChatFlow.type`). */
export type FlowType = 'CHATFLOW' | 'MULTIAGENT' | 'AGENTFLOW'

/** Categories of Agentflow v1 nodes, which Flowise stores as MULTIAGENT. */
const MULTI_AGENT_CATEGORIES = new Set(['Multi Agents', 'Sequential Agents'])

/**
 * The type a flow is saved as, read from its nodes the way Flowise's canvases write them: Agentflow
 * v2 nodes have the canvas type `agentFlow`; Agentflow v1 is made of multi-agent or sequential
 * agent nodes; anything else is a chatflow.
 */
export const flowTypeOf = (flow: FlowData): FlowType => {
    if (flow.nodes.some((n) => n.type === 'agentFlow')) return 'AGENTFLOW'
    if (flow.nodes.some((n) => MULTI_AGENT_CATEGORIES.has(n.data.category ?? ''))) return 'MULTIAGENT'
    return 'CHATFLOW'
}

/** Whether a node definition belongs to the Agentflow v2 canvas (its palette section), whose nodes have the canvas type `agentFlow`. */
export const isAgentflowV2Node = (definition: { readonly category: string }): boolean => definition.category === 'Agent Flows'
