import { DynamicStructuredTool } from '@langchain/core/tools'
import { z } from 'zod'
import { finishedWithin, type EvaluationService } from './EvaluationService'
import { parseSuite } from './suite/parseSuite'

const toolInput = z.object({
    models: z.array(z.string()).optional().describe('LiteLLM model names to evaluate; all models when omitted'),
    suite: z.string().optional().describe('A suite as YAML or JSON text; the configured default suite when omitted')
})

export interface EvaluationToolOptions {
    /** The plugin's evaluation service, looked up when the tool runs. */
    readonly service: () => Promise<EvaluationService>
    /** Models the node sets; the agent's own list overrides them. */
    readonly models: readonly string[]
    /** How long the tool waits for the run to finish before answering with its id only (ms). */
    readonly waitMs: number
}

/**
 * The Evaluation Trigger as a LangChain tool: starts an evaluation run and answers with its id
 * and, when the run finishes within the time limit, a summary per model (scores with their 95%
 * intervals, latency, error rate, cost). Errors come back as text the agent can read.
 */
export const createEvaluationTool = ({ service, models, waitMs }: EvaluationToolOptions) =>
    new DynamicStructuredTool({
        name: 'evaluation_trigger',
        description:
            'Starts an Orquesta evaluation of LLM models on a test suite and returns the run id and, if it finishes in time, the scores per model and category.',
        schema: toolInput,
        func: async (input) => {
            try {
                const suite = input.suite ? parseSuite(input.suite, { fileName: 'tool input' }) : undefined
                const evaluation = await service()
                const started = await evaluation.start({ models: input.models ?? models, suite, trigger: 'tool' })
                if (!started) return 'Error: the run could not be recorded.'
                const finished = await finishedWithin(started, waitMs)
                if (!finished)
                    return JSON.stringify({ runId: started.run.id, status: 'running', expectedResults: started.run.expectedResults })
                return JSON.stringify({
                    runId: finished.run.id,
                    status: finished.run.status,
                    models: finished.reports.map((r) => ({
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
