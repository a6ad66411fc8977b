import type { BaseCache } from '@langchain/core/caches'
import {
    getBaseClasses,
    getCredentialData,
    type ICommonObject,
    type INode,
    type INodeData,
    type INodeOptionsValue,
    type INodeParams
} from 'flowise-components'
import { LiteLLMRouterChatModel } from '../../plugin/router/LiteLLMRouterChatModel'
import { createRouterModel } from '../../plugin/router/createRouterModel'
import { parseRouterSettings } from '../../plugin/router/settingsSchema'
import { STRATEGIES } from '../../plugin/router/strategies'
import { SECURITY_LEVELS } from '../../plugin/security/securityLevel'
import { TASK_CATEGORIES } from '../../plugin/router/types'
import { listModelOptions } from '../../plugin/litellm/modelOptions'
import type { ProxyEndpoint } from '../../plugin/litellm/ProxyEndpoint'
import { resolveProxyEndpoint } from '../../plugin/litellm/resolveEndpoint'
import { getRuntime } from '../../plugin/runtime'

/**
 * The proxy and key this node uses: its credential's, else the server's (`LITELLM_PROXY_URL`,
 * `LITELLM_MASTER_KEY`). Only the credential is read, never the node's inputs: a URL typed into
 * a flow or a load-method request must not receive the server's key.
 */
const endpointOf = async (nodeData: INodeData, options: ICommonObject): Promise<ProxyEndpoint> => {
    const credential = nodeData.credential ? ((await getCredentialData(nodeData.credential, options)) as ICommonObject) : {}
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
    return resolveProxyEndpoint(getRuntime().serverProxy(), {
        url: text(credential.liteLLMProxyUrl),
        key: text(credential.liteLLMApiKey)
    })
}

/*
 * The fixed choice lists are served by load methods (`asyncOptions`), not written into the node
 * definition: the canvas saves every input's definition into the flow, and Flowise parses and
 * deep-clones a node's saved definition several times per prediction, so each option object
 * there costs every prediction of every flow that uses the router.
 */
const STRATEGY_OPTIONS: INodeOptionsValue[] = Object.values(STRATEGIES).map((s) => ({
    label: s.name,
    name: s.name,
    description: s.description
}))
const TASK_CATEGORY_OPTIONS: INodeOptionsValue[] = TASK_CATEGORIES.map((c) => ({ label: c, name: c }))
const CAPABILITY_OPTIONS: INodeOptionsValue[] = [
    { label: 'Tool calling', name: 'tools' },
    { label: 'Vision', name: 'vision' },
    { label: 'JSON output', name: 'json' }
]
const SECURITY_LEVEL_OPTIONS: INodeOptionsValue[] = SECURITY_LEVELS.map((level) => ({ label: level, name: level }))

/** Flowise node: a chat model that routes each request to one model of a LiteLLM proxy. */
class LiteLLMRouter_ChatModels implements INode {
    label = 'LiteLLM Router'
    name = 'liteLLMRouter'
    version = 1.0
    type = 'LiteLLMRouter'
    icon = 'litellm-router.svg'
    category = 'Chat Models'
    description =
        'Orquesta: picks the model for each request among LiteLLM proxy models under cost, latency, quality and capability constraints, with fallbacks'
    baseClasses = [this.type, LiteLLMRouterChatModel.name, ...getBaseClasses(LiteLLMRouterChatModel)]
    credential: INodeParams = {
        label: 'Connect Credential',
        name: 'credential',
        type: 'credential',
        credentialNames: ['liteLLMRouterApi'],
        optional: true,
        description:
            "Optional: without one, the server's proxy (LITELLM_PROXY_URL, LITELLM_MASTER_KEY). A credential naming another proxy must carry its key"
    }
    inputs: INodeParams[] = [
        { label: 'Cache', name: 'cache', type: 'BaseCache', optional: true },
        {
            label: 'Candidate Models',
            name: 'candidateModels',
            type: 'asyncMultiOptions',
            loadMethod: 'listModels',
            description: 'Models of the LiteLLM proxy the router may choose from'
        },
        {
            label: 'Routing Strategy',
            name: 'strategy',
            type: 'asyncOptions',
            loadMethod: 'listStrategies',
            default: 'balanced'
        },
        {
            label: 'Task Category',
            name: 'taskCategory',
            type: 'asyncOptions',
            loadMethod: 'listTaskCategories',
            default: 'general',
            description: 'Which quality score counts for this node'
        },
        {
            label: 'Minimum Quality (0-1)',
            name: 'minQuality',
            type: 'number',
            step: 0.05,
            optional: true,
            description:
                "Quality (0 to 1) a model needs in the Task Category, by the latest evaluation, else the config's prior. " +
                'When none reaches it, the request fails with an error listing each score'
        },
        {
            label: 'Max Cost per Request (USD)',
            name: 'maxCostPerRequest',
            type: 'number',
            step: 0.0001,
            optional: true,
            description:
                'Most one request may cost, in US dollars, estimated before sending. When every candidate would cost more, the request fails with an error listing each estimate'
        },
        {
            label: 'Max Latency (ms)',
            name: 'maxLatencyMs',
            type: 'number',
            step: 100,
            optional: true,
            description:
                'Expected response time to stay under, in milliseconds. A preference: when no candidate meets it, the fastest ones are used and the record says so'
        },
        {
            label: 'Required Capabilities',
            name: 'requiredCapabilities',
            type: 'asyncMultiOptions',
            loadMethod: 'listCapabilities',
            optional: true,
            description: 'Tools, JSON and vision are also required automatically when a request needs them'
        },
        {
            label: 'Preferred Models',
            name: 'preferredModels',
            type: 'asyncMultiOptions',
            loadMethod: 'listModels',
            optional: true,
            description: 'Used first, in this order, whenever they meet the constraints'
        },
        { label: 'Temperature', name: 'temperature', type: 'number', step: 0.1, default: 0.7, optional: true },
        { label: 'Streaming', name: 'streaming', type: 'boolean', default: true, optional: true, additionalParams: true },
        { label: 'Max Tokens', name: 'maxTokens', type: 'number', step: 1, optional: true, additionalParams: true },
        { label: 'Top P', name: 'topP', type: 'number', step: 0.1, optional: true, additionalParams: true },
        { label: 'Frequency Penalty', name: 'frequencyPenalty', type: 'number', step: 0.1, optional: true, additionalParams: true },
        { label: 'Presence Penalty', name: 'presencePenalty', type: 'number', step: 0.1, optional: true, additionalParams: true },
        {
            label: 'Stop Sequence',
            name: 'stopSequence',
            type: 'string',
            optional: true,
            additionalParams: true,
            description: 'Comma-separated, at most 4 (as on ChatOpenAI)'
        },
        {
            label: 'Allow Image Uploads',
            name: 'allowImageUploads',
            type: 'boolean',
            default: false,
            optional: true,
            description: 'Lets the chat accept images; requests with images go to vision-capable candidates only'
        },
        {
            label: 'Max Attempts',
            name: 'maxAttempts',
            type: 'number',
            step: 1,
            default: 3,
            optional: true,
            additionalParams: true,
            description: 'Models tried per request when earlier ones fail before they answer'
        },
        {
            label: 'Attempt Timeout (ms)',
            name: 'attemptTimeoutMs',
            type: 'number',
            step: 1000,
            default: 30000,
            optional: true,
            additionalParams: true,
            description: 'Time one model gets to start answering (ms)'
        },
        {
            label: 'Total Timeout (ms)',
            name: 'totalTimeoutMs',
            type: 'number',
            step: 1000,
            default: 60000,
            optional: true,
            additionalParams: true,
            description: 'Time all tries together may take (ms), a proxy restart included'
        },
        {
            label: 'Expected Output Tokens',
            name: 'defaultOutputTokens',
            type: 'number',
            step: 1,
            default: 256,
            optional: true,
            additionalParams: true,
            description: 'Output tokens assumed in cost estimates when Max Tokens is not set'
        },
        {
            label: 'End User ID',
            name: 'endUser',
            type: 'string',
            optional: true,
            additionalParams: true,
            description: "Sent as LiteLLM's `user` (per-customer spend and budgets) when set"
        },
        {
            label: 'Tags',
            name: 'tags',
            type: 'string',
            optional: true,
            additionalParams: true,
            placeholder: 'team-a, support',
            description: 'Extra LiteLLM tags, added to "orchestration" and the task category'
        },
        {
            label: 'Security Level',
            name: 'securityLevel',
            type: 'asyncOptions',
            loadMethod: 'listSecurityLevels',
            optional: true,
            additionalParams: true,
            description: 'Added to traces and LiteLLM tags as "security:<level>"'
        }
    ]

    loadMethods = {
        async listModels(nodeData: INodeData, options?: ICommonObject): Promise<INodeOptionsValue[]> {
            return listModelOptions(getRuntime().models, await endpointOf(nodeData, options ?? {}))
        },
        listStrategies: async (): Promise<INodeOptionsValue[]> => STRATEGY_OPTIONS,
        listTaskCategories: async (): Promise<INodeOptionsValue[]> => TASK_CATEGORY_OPTIONS,
        listCapabilities: async (): Promise<INodeOptionsValue[]> => CAPABILITY_OPTIONS,
        listSecurityLevels: async (): Promise<INodeOptionsValue[]> => SECURITY_LEVEL_OPTIONS
    }

    async init(nodeData: INodeData, _input: string, options: ICommonObject): Promise<LiteLLMRouterChatModel> {
        const settings = parseRouterSettings(nodeData.inputs)
        const endpoint = await endpointOf(nodeData, options)
        const chatflowId = options.chatflowid as string | undefined
        const chatId = options.chatId as string | undefined
        const sessionId = (options.sessionId as string | undefined) ?? chatId
        const logger = options.logger as { debug(message: string): void; isDebugEnabled?(): boolean } | undefined
        // Decisions are logged at debug level; when that level is off, not even formatted.
        const debugEnabled = logger !== undefined && (logger.isDebugEnabled?.() ?? true)
        return createRouterModel({
            endpoint,
            settings,
            runtime: getRuntime(),
            cache: nodeData.inputs?.cache as BaseCache | undefined,
            debug: debugEnabled ? (message) => logger.debug(message) : undefined,
            attribution: {
                // Only when set: LiteLLM keeps an end-user record per distinct `user` (a session is not a
                // customer; the session is in the metadata), and handling it costs the proxy about 0.4 ms a call.
                user: settings.endUser,
                tags: [
                    'orchestration',
                    settings.taskCategory,
                    ...(settings.securityLevel ? [`security:${settings.securityLevel}`] : []),
                    ...settings.tags
                ],
                metadata: {
                    chatflow_id: chatflowId,
                    chat_id: chatId,
                    session_id: sessionId,
                    flowise_node_id: nodeData.id,
                    generation_name: `orquesta:${nodeData.id}`,
                    security_level: settings.securityLevel
                }
            }
        })
    }
}

module.exports = { nodeClass: LiteLLMRouter_ChatModels }
