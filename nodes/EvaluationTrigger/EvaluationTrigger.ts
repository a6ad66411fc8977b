import { DynamicStructuredTool } from '@langchain/core/tools'
import { getBaseClasses, type INode, type INodeData, type INodeOptionsValue, type INodeParams } from 'flowise-components'
import { z } from 'zod'
import { createEvaluationTool } from '../../plugin/evaluation/evaluationTool'
import { optionalBoolean, optionalNumber, parseNodeInputs, stringList } from '../../plugin/flowiseInputs'
import { listModelOptions } from '../../plugin/litellm/modelOptions'
import { resolveProxyEndpoint } from '../../plugin/litellm/resolveEndpoint'
import { getRuntime, requireHostServices } from '../../plugin/runtime'

const inputsSchema = z.object({
    models: stringList,
    suites: stringList,
    flows: stringList,
    allowInlineSuites: optionalBoolean(false),
    waitSeconds: optionalNumber(z.number().min(0, 'must be 0 or more seconds').max(600, 'must be at most 600 seconds')).transform(
        (seconds) => seconds ?? 60
    )
})

const LABEL = 'Evaluation Trigger'

/** Flowise node: starts an Orquesta evaluation from an agent or an Agentflow, within what its author allows. */
class EvaluationTrigger_Tools implements INode {
    label = LABEL
    name = 'evaluationTrigger'
    version = 2.1
    type = 'EvaluationTrigger'
    icon = 'evaluation-trigger.svg'
    category = 'Tools'
    description =
        'Orquesta: evaluates LiteLLM models on a test suite; returns the run id and, when it finishes in time, the scores. The agent runs only the models and suites chosen here.'
    /** `Tool` is the type of every agent's Tools input: with it the canvas lets this node connect there (as Custom Tool does). */
    baseClasses = [this.type, 'Tool', ...getBaseClasses(DynamicStructuredTool)]
    inputs: INodeParams[] = [
        {
            label: 'Models',
            name: 'models',
            type: 'asyncMultiOptions',
            loadMethod: 'listModels',
            optional: true,
            description: 'The models an agent may evaluate (it can pick fewer, never others); every model of the proxy when empty'
        },
        {
            label: 'Suites',
            name: 'suites',
            type: 'asyncMultiOptions',
            loadMethod: 'listSuites',
            optional: true,
            description:
                'The suites an agent may run, from the suites directory (ORQUESTA_EVAL_SUITES_DIR); the first is the default. The configured default suite when empty'
        },
        {
            label: 'Flows',
            name: 'flows',
            type: 'string',
            optional: true,
            additionalParams: true,
            description:
                'Chatflow or agentflow ids (comma-separated) to evaluate instead of models, each case run through the flow as a prediction; the agent may pick fewer, never others'
        },
        {
            label: 'Allow Inline Suites',
            name: 'allowInlineSuites',
            type: 'boolean',
            default: false,
            optional: true,
            description: 'Let the agent send a suite of its own (YAML or JSON text)'
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

    loadMethods = {
        /** The server proxy's models (evaluations run there), listed as the LiteLLM Router lists them. */
        async listModels(): Promise<INodeOptionsValue[]> {
            const runtime = getRuntime()
            return listModelOptions(runtime.models, resolveProxyEndpoint(runtime.serverProxy()))
        },
        async listSuites(): Promise<INodeOptionsValue[]> {
            const names = await (await requireHostServices(LABEL).suites()).names()
            return names.map((name) => ({ label: name, name }))
        }
    }

    async init(nodeData: INodeData, _input: string, options?: { workspaceId?: string }): Promise<DynamicStructuredTool> {
        const { models, suites, flows, allowInlineSuites, waitSeconds } = parseNodeInputs(this.label, inputsSchema, nodeData.inputs)
        const services = requireHostServices(this.label)
        return createEvaluationTool({
            service: services.evaluation,
            suites: services.suites,
            permissions: { models, suites, allowInlineSuites },
            waitMs: waitSeconds * 1000,
            flows,
            // Only flows of the workspace the tool runs in.
            checkFlow: (id) => services.chatflows.get({ workspaceId: options?.workspaceId }, id)
        })
    }
}

module.exports = { nodeClass: EvaluationTrigger_Tools }
