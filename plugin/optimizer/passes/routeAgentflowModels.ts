import type { CatalogEntry } from '../../capabilities/types'
import type { FlowData } from '../../flow/flowData'
import { configuredModels, MODEL_CONFIGS } from '../estimateAgentflowV2'
import type { FlowChange, OptimizerContext, PassResult } from '../types'
import { withInputs } from './nodeInputs'
import { routingPlan } from './routeThroughRouter'

const ROUTER = 'liteLLMRouter'

/** The input naming the model of each config input (`agentModelConfig` → `agentModel`). */
const modelInputOf = (config: string) => MODEL_CONFIGS[config]

/**
 * Routing in an Agentflow v2: an Agent, LLM or Condition Agent step whose model calls the plugin's
 * proxy gets the LiteLLM Router as its model (Agentflow v2 lists every chat model node, the router
 * included), its config becoming the router's inputs with every setting the router honours. The
 * config's own credential goes: the router calls the proxy with the server's key, which is why a
 * credential holding another key keeps the step as it is (with a finding), like a lost setting.
 */
export const routeAgentflowModels = (flow: FlowData, context: OptimizerContext, routerDefinition: CatalogEntry): PassResult => {
    const updates = new Map<string, Record<string, unknown>>()
    const changes: FlowChange[] = []
    const findings: FlowChange[] = []
    for (const node of flow.nodes) {
        const update: Record<string, unknown> = {}
        for (const { config, model } of configuredModels(node)) {
            const definition = context.definitions(model.data.name)
            if (model.data.name === ROUTER || !definition?.capabilities.includes('chat-model')) continue
            const settings = model.data.inputs ?? {}
            const plan = routingPlan(model, definition, settings.FLOWISE_CREDENTIAL_ID, routerDefinition, context)
            if (!plan) continue
            if ('finding' in plan) {
                findings.push(plan.finding)
                continue
            }
            const modelInput = modelInputOf(config)
            update[modelInput] = ROUTER
            update[config] = { ...plan.inputs, [modelInput]: ROUTER }
            changes.push({
                pass: 'route-through-router',
                nodeIds: [node.id],
                before: { [modelInput]: model.data.name, model: plan.model },
                after: { [modelInput]: ROUTER, ...plan.summary },
                reason: `${node.id}'s model ${model.data.name} calls ${plan.model} through the LiteLLM proxy but cannot enforce the limits per request; the LiteLLM Router can (${plan.keeps})`
            })
        }
        if (Object.keys(update).length > 0) updates.set(node.id, update)
    }
    return { flow: withInputs(flow, updates), changes, findings }
}
