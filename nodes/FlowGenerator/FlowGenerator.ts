import { DynamicStructuredTool } from '@langchain/core/tools'
import { getBaseClasses, type ICommonObject, type INode, type INodeData, type INodeParams } from 'flowise-components'
import { z } from 'zod'
import { nodeConstraintsSchema } from '../../plugin/constraints/optimizeConstraints'
import { optionalBoolean, parseNodeInputs } from '../../plugin/flowiseInputs'
import { createGeneratorTool } from '../../plugin/orchestrator/generatorTool'
import { requireHostServices } from '../../plugin/runtime'
import { DEFAULT_SECURITY_LEVEL, SECURITY_LEVELS, securityLevelSchema } from '../../plugin/security/securityLevel'

const inputsSchema = nodeConstraintsSchema.omit({ preferredModels: true }).extend({
    securityLevel: z.preprocess((v) => (v === '' || v === undefined ? DEFAULT_SECURITY_LEVEL : v), securityLevelSchema),
    allowSave: optionalBoolean(false)
})

/** Flowise node: the orchestrator as a tool, so that agents can build flows. */
class FlowGenerator_Tools implements INode {
    label = 'Flow Generator'
    name = 'flowGenerator'
    version = 1.0
    type = 'FlowGenerator'
    icon = 'flow-generator.svg'
    category = 'Tools'
    description = 'Orquesta: builds a runnable, validated flow from a description in words, within the limits and security level set here'
    // `Tool` so that the canvas connects it to a Tool Agent's Tools input.
    baseClasses = [...new Set([this.type, 'Tool', ...getBaseClasses(DynamicStructuredTool)])]
    inputs: INodeParams[] = [
        { label: 'Max Cost per Request (USD)', name: 'maxCostUsd', type: 'number', step: 0.0001, optional: true },
        { label: 'Max Latency (ms)', name: 'maxLatencyMs', type: 'number', step: 100, optional: true },
        { label: 'Minimum Quality (0-1)', name: 'minQuality', type: 'number', step: 0.05, optional: true },
        {
            label: 'Security Level',
            name: 'securityLevel',
            type: 'options',
            options: SECURITY_LEVELS.map((level) => ({ label: level, name: level })),
            default: DEFAULT_SECURITY_LEVEL,
            optional: true,
            description:
                'What generated flows may hold: code-running nodes only at public, URL-reaching ones up to internal, and only when asked'
        },
        {
            label: 'Allow Saving',
            name: 'allowSave',
            type: 'boolean',
            default: false,
            optional: true,
            description: 'Let the agent save generated flows into this workspace'
        }
    ]

    async init(nodeData: INodeData, _input: string, options: ICommonObject): Promise<DynamicStructuredTool> {
        const { allowSave, securityLevel, ...limits } = parseNodeInputs(this.label, inputsSchema, nodeData.inputs)
        return createGeneratorTool({
            services: requireHostServices(this.label),
            scope: { orgId: options.orgId, workspaceId: options.workspaceId, subscriptionId: options.subscriptionId },
            constraints: { ...limits, securityLevel },
            allowSave
        })
    }
}

module.exports = { nodeClass: FlowGenerator_Tools }
