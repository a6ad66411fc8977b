import type { FlowData, FlowNode } from './flowData'
import { adjacency, reachable } from './flowGraph'
import type { FlowIssue, FlowIssueCode, FlowIssueSeverity, NodeDefinitions, ValidationReport } from './validateFlow'

const START = 'startAgentflow'
const STICKY_NOTE = 'stickyNoteAgentflow'
const ITERATION = 'iterationAgentflow'

/** Inputs that name a chat model node, by the Agentflow v2 node that has them. */
const MODEL_INPUTS = ['agentModel', 'llmModel', 'conditionAgentModel']

/** `{{ name.path }}`: a variable an input refers to; node ids look like `<nodeName>_<n>`. */
const VARIABLE = /\{\{\s*([^{}\s.]+)((?:\.[^{}\s]+)?)\s*\}\}/g
const NODE_ID = /^[A-Za-z][A-Za-z0-9]*_\d+$/
const FLOW_STATE = /^\.state\.([^.\s]+)/

/** Every string inside an input value (configs nest objects and lists). */
const stringsIn = (value: unknown, out: string[] = []): string[] => {
    if (typeof value === 'string') out.push(value)
    else if (Array.isArray(value)) for (const v of value) stringsIn(v, out)
    else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out)
    return out
}

/** State keys a node declares (Start's `startState`) or updates (`…UpdateState`), each a list of `{key, value}`. */
const stateKeysOf = (node: FlowNode): string[] =>
    Object.entries(node.data.inputs ?? {})
        .filter(([name]) => name === 'startState' || name.endsWith('UpdateState'))
        .flatMap(([, value]) => (Array.isArray(value) ? value : []))
        .map((entry) => (entry as { key?: unknown })?.key)
        .filter((key): key is string => typeof key === 'string' && key !== '')

const parentOf = (node: FlowNode): string | undefined => {
    const parent = (node as { parentNode?: unknown }).parentNode
    return typeof parent === 'string' && parent !== '' ? parent : undefined
}

/**
 * The nodes of an Agentflow v2 flow that Flowise can run: those a path of edges from Start
 * reaches, with the children of each iteration it reaches. O(nodes + edges).
 */
export const agentflowRuns = (flow: FlowData): Set<string> => {
    const forward = adjacency(flow, 'forward')
    for (const node of flow.nodes) {
        const parent = parentOf(node)
        if (parent === undefined) continue
        const children = forward.get(parent)
        if (children) children.push(node.id)
        else forward.set(parent, [node.id])
    }
    return reachable(
        flow.nodes.filter((n) => n.data.name === START).map((n) => n.id),
        forward
    )
}

/**
 * Checks an Agentflow v2 flow (canvas type `agentFlow`): one Start node, known node types,
 * edges between existing nodes leaving from an output the node has (a condition's branch, say),
 * iteration children whose parent exists, loops back to a node that exists, the chat models and
 * tools the nodes' configs name, and the variables their inputs refer to (`{{ nodeId.output }}`
 * to a missing node is an error; `{{ $flow.state.key }}` to a key nothing declares, a warning).
 * Nodes no path from Start reaches are warnings (Flowise never runs them). O(nodes + edges + input text).
 */
export const validateAgentflowV2 = (flow: FlowData, definitions: NodeDefinitions): ValidationReport => {
    const issues: FlowIssue[] = []
    const report = (code: FlowIssueCode, severity: FlowIssueSeverity, message: string, where: { nodeId?: string; edgeId?: string } = {}) =>
        issues.push({ code, severity, message, ...where })
    const nodes = new Map<string, FlowNode>()
    for (const node of flow.nodes) {
        if (nodes.has(node.id)) report('duplicate-node-id', 'error', `node id ${node.id} is used twice`, { nodeId: node.id })
        nodes.set(node.id, node)
    }
    const starts = flow.nodes.filter((n) => n.data.name === START)
    if (starts.length === 0) report('no-start-node', 'error', 'the Agentflow has no Start node: Flowise has nowhere to begin')
    if (starts.length > 1)
        report(
            'several-start-nodes',
            'error',
            `the Agentflow has ${starts.length} Start nodes (${starts.map((n) => n.id).join(', ')}); Flowise needs one`
        )

    for (const node of flow.nodes) {
        const parent = parentOf(node)
        if (parent === undefined) continue
        if (nodes.get(parent)?.data.name !== ITERATION)
            report('missing-parent', 'error', `node ${node.id} sits inside ${parent}, which is not an Iteration node of this flow`, {
                nodeId: node.id
            })
    }
    const reached = agentflowRuns(flow)

    for (const node of flow.nodes) {
        const definition = definitions(node.data.name)
        const runs = reached.has(node.id)
        if (!definition) {
            report(
                'unknown-node',
                runs ? 'error' : 'warning',
                `node ${node.id} is of unknown type ${node.data.name}${runs ? '' : ' (no path from Start reaches it)'}`,
                { nodeId: node.id }
            )
            continue
        }
        if (node.data.name === STICKY_NOTE) continue
        if (!runs && starts.length > 0)
            report('unreachable-from-start', 'warning', `node ${node.id} is not reached by any path from Start: Flowise never runs it`, {
                nodeId: node.id
            })
        const inputs = node.data.inputs ?? {}
        for (const name of MODEL_INPUTS) {
            const model = inputs[name]
            if (typeof model !== 'string' || model === '') continue
            const entry = definitions(model)
            if (!entry || entry.category !== 'Chat Models')
                report('unknown-model', 'error', `${node.id}.${name} names ${model}, which is not a chat model of this Flowise`, {
                    nodeId: node.id
                })
        }
        const tools = [
            ...(Array.isArray(inputs.agentTools) ? inputs.agentTools : []).map(
                (t) => (t as { agentSelectedTool?: unknown })?.agentSelectedTool
            ),
            inputs.toolAgentflowSelectedTool
        ]
        for (const tool of tools) {
            if (typeof tool !== 'string' || tool === '') continue
            const entry = definitions(tool)
            if (!entry || !entry.category.startsWith('Tools'))
                report('unknown-tool', 'error', `${node.id} uses the tool ${tool}, which is not a tool of this Flowise`, {
                    nodeId: node.id
                })
        }
        // A Tool node runs its tool with the arguments it is given, nothing else: after an Agent it receives
        // none of the agent's reasoning (the Agent should hold the tool instead).
        if (
            node.data.name === 'toolAgentflow' &&
            typeof inputs.toolAgentflowSelectedTool === 'string' &&
            inputs.toolAgentflowSelectedTool !== ''
        ) {
            const args = inputs.toolInputArgs
            if (!Array.isArray(args) || args.length === 0)
                report(
                    'tool-without-arguments',
                    'warning',
                    `${node.id} runs ${inputs.toolAgentflowSelectedTool} with no input arguments: nothing before it (an Agent's answer, say) reaches the tool; give the tool to the Agent instead`,
                    { nodeId: node.id }
                )
        }
        const loopTarget = inputs.loopBackToNode
        if (typeof loopTarget === 'string' && loopTarget !== '') {
            const target = loopTarget.split('-')[0]
            if (!nodes.has(target))
                report('missing-reference', 'error', `${node.id} loops back to ${target}, which is not in the flow`, { nodeId: node.id })
        }
    }

    const declared = new Set(flow.nodes.flatMap(stateKeysOf))
    for (const node of flow.nodes) {
        for (const text of stringsIn(node.data.inputs ?? {})) {
            for (const [, name, path] of text.matchAll(VARIABLE)) {
                if (NODE_ID.test(name) && !nodes.has(name))
                    report('missing-reference', 'error', `${node.id} refers to {{ ${name}${path} }}, but the flow has no node ${name}`, {
                        nodeId: node.id
                    })
                const state = name === '$flow' ? FLOW_STATE.exec(path) : null
                if (state && !declared.has(state[1]))
                    report(
                        'unknown-state',
                        'warning',
                        `${node.id} reads {{ $flow.state.${state[1]} }}, which no node declares (Start's state) or updates`,
                        { nodeId: node.id }
                    )
            }
        }
    }

    const edgeKeys = new Set<string>()
    const outgoing = new Set<string>()
    for (const edge of flow.edges) {
        const edgeId = edge.id ?? `${edge.source}->${edge.target}`
        const source = nodes.get(edge.source)
        const target = nodes.get(edge.target)
        if (!source || !target) {
            report('missing-node', 'error', `edge ${edgeId} refers to missing node ${!source ? edge.source : edge.target}`, { edgeId })
            continue
        }
        outgoing.add(source.id)
        const key = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`
        if (edgeKeys.has(key)) {
            report('duplicate-edge', 'warning', `edge ${edgeId} repeats an earlier edge (${source.id} → ${target.id})`, { edgeId })
            continue
        }
        edgeKeys.add(key)
        const anchors = (source.data.outputAnchors as { id?: string }[] | undefined) ?? []
        if (anchors.length > 0 && !anchors.some((a) => a.id === edge.sourceHandle))
            report(
                'unknown-output',
                'warning',
                `edge ${edgeId} leaves ${source.id} from ${edge.sourceHandle || 'no handle'}, an output the node does not have: Flowise never follows it`,
                { edgeId, nodeId: source.id }
            )
    }

    const endingNodes = flow.nodes
        .filter((n) => reached.has(n.id) && !outgoing.has(n.id) && n.data.name !== STICKY_NOTE && parentOf(n) === undefined)
        .map((n) => n.id)
    return { valid: issues.every((i) => i.severity === 'warning'), issues, endingNodes }
}
