import { DynamicStructuredTool } from '@langchain/core/tools'
import { z } from 'zod'
import { roundReportForPeople } from '../format/roundForPeople'
import { finishedWithin, type EvaluationService } from './EvaluationService'
import { parseSuiteOffThread } from './suite/suiteParserThread'
import type { SuiteLibrary } from './suite/suiteLibrary'
import { decideTriggerFlows, decideTriggerRequest, type TriggerPermissions } from './triggerPolicy'

const toolInput = z.object({
    models: z
        .array(z.string().min(1).max(200))
        .max(100)
        .optional()
        .describe("LiteLLM model names to evaluate, among the node's allowed models; all allowed models when omitted"),
    flows: z
        .array(z.string().min(1).max(100))
        .max(10)
        .optional()
        .describe("Chatflow ids to evaluate instead of models, among the node's allowed flows; all allowed flows when omitted"),
    suite: z.string().max(200).optional().describe("The name of a suite the node allows; the node's first suite when omitted"),
    suiteText: z.string().max(2_000_000).optional().describe('A suite as YAML or JSON text, only when the node allows inline suites')
})

export interface EvaluationToolOptions {
    /** The plugin's evaluation service, looked up when the tool runs. */
    readonly service: () => Promise<EvaluationService>
    readonly suites: () => Promise<SuiteLibrary>
    /** What the node's author lets the agent run; the agent can narrow it, never widen it. */
    readonly permissions: TriggerPermissions
    /** How long the tool waits for the run to finish before answering with its id only (ms). */
    readonly waitMs: number
    /** Chatflow ids the author lets the agent evaluate (then it evaluates flows, not models). */
    readonly flows?: readonly string[]
    /** Rejects when the flow is not in the workspace the tool runs in. */
    readonly checkFlow?: (chatflowId: string) => Promise<unknown>
}

/**
 * The Evaluation Trigger as a LangChain tool: starts an evaluation run, within what the node's
 * author allows, and answers with its id and, when the run finishes within the time limit, a
 * summary per model (scores with their 95% intervals, latency, error rate, cost). Errors come
 * back as text the agent can read.
 */
export const createEvaluationTool = ({ service, suites, permissions, waitMs, flows = [], checkFlow }: EvaluationToolOptions) =>
    new DynamicStructuredTool({
        name: 'evaluation_trigger',
        description:
            'Starts an Orquesta evaluation of LLM models on a test suite and returns the run id and, if it finishes in time, the scores per model and category.',
        schema: toolInput,
        func: async (input) => {
            try {
                const decision = decideTriggerRequest(permissions, input)
                if (!decision.ok) return `Error: ${decision.error}`
                const flowDecision = decideTriggerFlows(flows, input.flows)
                if (!flowDecision.ok) return `Error: ${flowDecision.error}`
                for (const id of flowDecision.flows)
                    if (checkFlow) await checkFlow(id).catch(() => Promise.reject(new Error(`no chatflow ${id} in this workspace`)))
                const suite =
                    decision.suite.kind === 'inline'
                        ? await parseSuiteOffThread(decision.suite.text, 'tool input')
                        : await (await suites()).load(decision.suite.name)
                const evaluation = await service()
                const started = await evaluation.start(
                    flowDecision.flows.length > 0
                        ? { flows: flowDecision.flows, suite, trigger: 'tool' }
                        : { models: decision.models, suite, trigger: 'tool' }
                )
                if (!started) return 'Error: the run could not be recorded.'
                const finished = await finishedWithin(started, waitMs)
                if (!finished)
                    return JSON.stringify({ runId: started.run.id, status: 'running', expectedResults: started.run.expectedResults })
                return JSON.stringify({
                    runId: finished.run.id,
                    status: finished.run.status,
                    models: roundReportForPeople(finished.reports).map((r) => ({
                        model: r.model,
                        score: r.quality.overall,
                        categories: Object.fromEntries(Object.entries(r.quality.categories).map(([c, s]) => [c, s?.score.value])),
                        p50LatencyMs: r.performance.p50LatencyMs,
                        errorRate: r.performance.errorRate.value,
                        costPerRequestUsd: r.cost.perRequestUsd,
                        recommendations: r.recommendations
                    })),
                    regressions: finished.comparisons.flatMap((c) =>
                        c.regressions.map((row) => ({ model: row.model, scope: row.scope, reason: row.reason }))
                    )
                })
            } catch (error) {
                return `Error: ${(error as Error).message}`
            }
        }
    })
