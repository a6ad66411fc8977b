import { DynamicStructuredTool } from '@langchain/core/tools'
import { z } from 'zod'
import type { ChatflowScope } from '../routes/optimizerRoutes'
import type { HostServices } from '../runtime'
import type { SecurityLevel } from '../security/securityLevel'
import { orchestrateInHost } from './orchestrateInHost'
import { orchestrateBodySchema } from './requestSchema'

/** What an agent passes to the tool: the route's request without the author's settings. */
const toolInput = z.object({
    query: z.string().describe('What the flow should do, in words (English or Spanish)'),
    type: z.enum(['chatflow', 'agentflow', 'auto']).optional().describe('The kind of flow; auto lets the orchestrator choose'),
    save: z.boolean().optional().describe('Save the flow into this workspace and return its id and canvas URL')
})

export interface GeneratorToolOptions {
    readonly services: HostServices
    readonly scope: ChatflowScope
    /** The node author's limits and security level; the agent cannot change them. */
    readonly constraints: {
        readonly maxCostUsd?: number
        readonly maxLatencyMs?: number
        readonly minQuality?: number
        readonly securityLevel: SecurityLevel
    }
    readonly allowSave: boolean
}

/**
 * The orchestrator as a LangChain tool: builds a flow from a request in words (validated like the
 * REST body) under the author's limits and security level, saves it when asked and allowed, and
 * answers in JSON. Errors come back as text the agent can read.
 */
export const createGeneratorTool = ({ services, scope, constraints, allowSave }: GeneratorToolOptions) =>
    new DynamicStructuredTool({
        name: 'flow_generator',
        description:
            'Builds a runnable Flowise flow (chatflow or agentflow) from a description in words, valid by construction, and explains it; can save it into the workspace.',
        schema: toolInput,
        func: async (input) => {
            if (input.save && !allowSave) return 'Error: this Flow Generator node does not allow saving flows (turn on "Allow Saving").'
            const parsed = orchestrateBodySchema.safeParse({ query: input.query, type: input.type, constraints })
            if (!parsed.success) return `Error: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
            try {
                const answer = await orchestrateInHost(services, scope, {
                    query: parsed.data.query,
                    type: parsed.data.type,
                    constraints: parsed.data.constraints,
                    material: {},
                    save: input.save
                })
                return JSON.stringify({
                    flowId: answer.flowId,
                    canvasUrl: answer.canvasUrl,
                    type: answer.flow.type,
                    explanation: answer.explanation,
                    questions: answer.questions,
                    estimatedCostUsd: answer.estimatedCostUsd,
                    componentsUsed: answer.metadata.componentsUsed,
                    securityChecks: answer.metadata.securityChecks,
                    ...(input.save ? {} : { flowData: answer.flow.flowData })
                })
            } catch (error) {
                return `Error: ${(error as Error).message}`
            }
        }
    })
