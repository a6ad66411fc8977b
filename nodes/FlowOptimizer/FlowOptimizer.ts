import { DynamicStructuredTool } from '@langchain/core/tools'
import { getBaseClasses, type ICommonObject, type INode, type INodeData, type INodeParams } from 'flowise-components'
import { z } from 'zod'
import { nodeConstraintsSchema } from '../../plugin/constraints/optimizeConstraints'
import { optionalBoolean, optionalNumber, parseNodeInputs } from '../../plugin/flowiseInputs'
import { createOptimizerTool } from '../../plugin/optimizer/optimizerTool'
import { requireHostServices } from '../../plugin/runtime'

// The author's limits, in the one constraint schema the REST route and the tool share.
const inputsSchema = nodeConstraintsSchema.extend({
    allowSave: optionalBoolean(false),
    verifyBudgetUsd: optionalNumber(z.number().positive('must be a positive amount in USD').max(10, 'at most $10 per verification'))
})

/** Flowise node: the Flow Optimizer as a tool that agents in a chatflow can call. */
class FlowOptimizer_Tools implements INode {
    label = 'Flow Optimizer'
    name = 'flowOptimizer'
    version = 1.1
    type = 'FlowOptimizer'
    icon = 'flow-optimizer.svg'
    category = 'Tools'
    description =
        'Orquesta: optimizes a chatflow (by id or flowData) without breaking it and reports every change; an agent can tighten the limits set here, never loosen them'
    /** `Tool` is the type of every agent's Tools input: with it the canvas lets this node connect there (as Custom Tool does). */
    baseClasses = [this.type, 'Tool', ...getBaseClasses(DynamicStructuredTool)]
    inputs: INodeParams[] = [
        {
            label: 'Max Cost per Request (USD)',
            name: 'maxCostUsd',
            type: 'number',
            step: 0.0001,
            optional: true,
            description:
                "Most one request of the optimized flow's models may cost, in US dollars (estimated from the proxy prices); with a limit, model steps are routed through the LiteLLM Router under it. " +
                'When no model can meet the limits, nothing is optimized and the answer lists each model and why'
        },
        {
            label: 'Max Latency (ms)',
            name: 'maxLatencyMs',
            type: 'number',
            step: 100,
            optional: true,
            description:
                "Expected response time per model call, in milliseconds (measured, else the proxy config's prior). When no model is expected within it, nothing is optimized and the answer lists each model and why"
        },
        {
            label: 'Minimum Quality (0-1)',
            name: 'minQuality',
            type: 'number',
            step: 0.05,
            optional: true,
            description:
                'Quality score (0 to 1) the models of routed steps need, from the latest evaluation or the proxy config. When no model reaches it, nothing is optimized and the answer lists each model and its score'
        },
        {
            label: 'Preferred Models',
            name: 'preferredModels',
            type: 'string',
            placeholder: 'gpt-4o-mini, claude-3-5-haiku',
            optional: true,
            description: 'Comma-separated LiteLLM model names; an agent may prefer only among these'
        },
        {
            label: 'Allow Saving',
            name: 'allowSave',
            type: 'boolean',
            default: false,
            optional: true,
            description: 'Let the agent save optimized flows as new chatflows in this workspace'
        },
        {
            label: 'Verification Budget (USD)',
            name: 'verifyBudgetUsd',
            type: 'number',
            step: 0.01,
            optional: true,
            description:
                'Lets the agent verify an optimized flow by running it and the original side by side on a few questions (real model calls, at most this much per verification); a copy that does worse is not saved'
        }
    ]

    async init(nodeData: INodeData, _input: string, options: ICommonObject): Promise<DynamicStructuredTool> {
        const { allowSave, verifyBudgetUsd, ...defaults } = parseNodeInputs(this.label, inputsSchema, nodeData.inputs)
        return createOptimizerTool({
            services: requireHostServices(this.label),
            scope: { orgId: options.orgId, workspaceId: options.workspaceId, subscriptionId: options.subscriptionId },
            defaults,
            allowSave,
            verifyBudgetUsd
        })
    }
}

module.exports = { nodeClass: FlowOptimizer_Tools }
