import { DynamicStructuredTool } from '@langchain/core/tools'
import { getBaseClasses, type INode, type INodeData, type INodeParams } from 'flowise-components'
import { z } from 'zod'
import { createEvaluationTool } from '../../plugin/evaluation/evaluationTool'
import { optionalNumber, parseNodeInputs, stringList } from '../../plugin/flowiseInputs'
import { requireHostServices } from '../../plugin/runtime'

const inputsSchema = z.object({
    models: stringList,
    waitSeconds: optionalNumber(z.number().min(0, 'must be 0 or more seconds').max(600, 'must be at most 600 seconds')).transform(
        (seconds) => seconds ?? 60
    )
})

/** Flowise node: starts an Orquesta evaluation from an agent or an Agentflow. */
class EvaluationTrigger_Tools implements INode {
    label = 'Evaluation Trigger'
    name = 'evaluationTrigger'
    version = 1.0
    type = 'EvaluationTrigger'
    icon = 'evaluation-trigger.svg'
    category = 'Tools'
    description = 'Orquesta: evaluates LiteLLM models on a test suite; returns the run id and, when it finishes in time, the scores'
    baseClasses = [this.type, ...getBaseClasses(DynamicStructuredTool)]
    inputs: INodeParams[] = [
        {
            label: 'Models',
            name: 'models',
            type: 'string',
            placeholder: 'gpt-4o-mini, claude-3-5-haiku',
            optional: true,
            description: 'Comma-separated LiteLLM model names; all models of the proxy when empty. The agent may name others.'
        },
        {
            label: 'Wait (seconds)',
            name: 'waitSeconds',
            type: 'number',
            default: 60,
            optional: true,
            description: 'How long the tool waits for the run to finish before answering with its run id only'
        }
    ]

    async init(nodeData: INodeData): Promise<DynamicStructuredTool> {
        const { models, waitSeconds } = parseNodeInputs(this.label, inputsSchema, nodeData.inputs)
        return createEvaluationTool({ service: requireHostServices(this.label).evaluation, models, waitMs: waitSeconds * 1000 })
    }
}

module.exports = { nodeClass: EvaluationTrigger_Tools }
