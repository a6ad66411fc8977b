import { DynamicStructuredTool } from '@langchain/core/tools'
import { z } from 'zod'
import { agentConstraintsShape, tightenConstraints } from '../constraints/optimizeConstraints'
import { roundReportForPeople } from '../format/roundForPeople'
import type { ChatflowScope } from '../routes/optimizerRoutes'
import type { HostServices } from '../runtime'
import { optimizeAndSave } from './optimizeAndSave'
import type { OptimizeConstraints } from './types'

/** What an agent passes to the tool. */
const toolInput = z.object({
    chatflowId: z.string().optional().describe('Id of the chatflow to optimize (or give flowData)'),
    flowData: z.string().optional().describe('The flowData JSON of a chatflow to optimize (or give chatflowId)'),
    ...agentConstraintsShape,
    save: z.boolean().optional().describe('Save the optimized flow as a new chatflow and return its id'),
    verify: z
        .boolean()
        .optional()
        .describe('Run the original and the optimized flow side by side on a few questions first; a copy that does worse is not saved'),
    questions: z.array(z.string()).max(10).optional().describe('Questions for the verification (default: starter prompts, or generated)')
})

export interface OptimizerToolOptions {
    readonly services: HostServices
    readonly scope: ChatflowScope
    /** Constraints the node's author sets; the agent's values can only tighten them. */
    readonly defaults: OptimizeConstraints
    /** Whether the agent may save results as new chatflows. */
    readonly allowSave: boolean
    /** USD a verification may spend on the flows' models; without it the tool does not verify. */
    readonly verifyBudgetUsd?: number
}

/**
 * The Flow Optimizer as a LangChain tool: optimizes a chatflow (by id, within the running
 * chatflow's workspace, or as flowData) and answers with the report in JSON, and the id of the
 * saved copy when asked and allowed. Errors come back as text the agent can read.
 */
export const createOptimizerTool = ({ services, scope, defaults, allowSave, verifyBudgetUsd }: OptimizerToolOptions) =>
    new DynamicStructuredTool({
        name: 'flow_optimizer',
        description:
            'Optimizes a Flowise chatflow without breaking it (removes unused and duplicate nodes, adds caching, sets time limits and cost/latency limits) and reports every change.',
        schema: toolInput,
        func: async (input) => {
            if ((input.chatflowId === undefined) === (input.flowData === undefined))
                return 'Error: give exactly one of chatflowId and flowData.'
            try {
                const original = input.chatflowId ? await services.chatflows.get(scope, input.chatflowId) : undefined
                const { maxCostUsd, maxLatencyMs, minQuality, preferredModels } = input
                const constraints = tightenConstraints(defaults, { maxCostUsd, maxLatencyMs, minQuality, preferredModels })
                if (input.save && !allowSave)
                    return 'Error: this Flow Optimizer node does not allow saving chatflows (turn on "Allow Saving").'
                if (input.verify && verifyBudgetUsd === undefined)
                    return 'Error: this Flow Optimizer node does not allow verification, which calls real models (set its "Verification Budget").'
                const { result, verification, savedChatflowId, notSaved } = await optimizeAndSave(services, scope, {
                    original,
                    flowData: original?.flowData ?? input.flowData,
                    constraints,
                    origin: { source: 'tool', chatflowId: input.chatflowId },
                    verify: input.verify ? { budgetUsd: verifyBudgetUsd!, questions: input.questions } : undefined,
                    save: input.save
                })
                const { changes, findings, estimate } = result.report
                return JSON.stringify({
                    savedChatflowId,
                    notSaved,
                    changes,
                    findings,
                    estimate: roundReportForPeople(estimate),
                    verification: roundReportForPeople(verification),
                    valid: result.report.validation.after.valid
                })
            } catch (error) {
                return `Error: ${(error as Error).message}`
            }
        }
    })
