import { parseFlowData, type FlowData } from '../../flow/flowData'
import type { ChatflowScope } from '../../routes/optimizerRoutes'
import type { HostServices } from '../../runtime'
import type { FlowEstimate } from '../estimateFlow'
import { numericInput } from '../passes/nodeInputs'
import { measureProviderCalls } from './providerCalls'
import { verifyOptimization, type FlowRun, type VerificationReport } from './verifyOptimization'
import { verifyQuestions } from './verifyQuestions'

/** What the user allows a verification: its questions and what it may spend. */
export interface VerifyRequest {
    /** The questions to ask (else the starter prompts, else generated from the flow's prompt). */
    readonly questions?: readonly string[]
    /** At most this many questions (default {@link DEFAULT_QUESTIONS}). */
    readonly maxQuestions?: number
    /** USD both flows together may spend on the provider. Required: verifying calls real models. */
    readonly budgetUsd: number
}

export const DEFAULT_QUESTIONS = 3
/** A prediction that takes longer (ms) counts as failed: a verification must not hang the request. */
export const VERIFY_PREDICTION_TIMEOUT_MS = 120_000

/** Whether any chat model of the flow samples: a temperature other than 0, or none (the provider's default). */
const samples = (flow: FlowData, chatModels: ReadonlySet<string>) =>
    flow.nodes.some((n) => chatModels.has(n.data.name) && numericInput(n.data.inputs?.temperature) !== 0)

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
    new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
        work.then(
            (value) => (clearTimeout(timer), resolve(value)),
            (error: unknown) => (clearTimeout(timer), reject(error))
        )
    })

/**
 * Runs the original and the optimized flow side by side inside Flowise: each is stored as a
 * temporary chatflow of the same type (without the original's API key, rate limit or other
 * settings, which would change who may ask, not what it answers), asked the same questions in
 * this process with its provider calls counted and priced, and deleted afterwards whatever
 * happens.
 */
export const verifyInHost = async (
    services: HostServices,
    scope: ChatflowScope,
    flows: { readonly original: string; readonly optimized: string; readonly type: string; readonly chatbotConfig?: unknown },
    estimate: { readonly before: FlowEstimate; readonly after: FlowEstimate } | undefined,
    request: VerifyRequest
): Promise<VerificationReport> => {
    const catalog = await services.catalog()
    const chatModels = new Set(catalog.query({ capability: 'chat-model' }).map((e) => e.name))
    const original = parseFlowData(flows.original)
    const { questions, source } = verifyQuestions(
        original,
        flows.chatbotConfig,
        request.questions,
        request.maxQuestions ?? DEFAULT_QUESTIONS
    )
    const most = (e: FlowEstimate | undefined) => e?.costRangeUsd?.max
    const perQuestion =
        most(estimate?.before) !== undefined && most(estimate?.after) !== undefined
            ? most(estimate?.before)! + most(estimate?.after)!
            : undefined
    const created: string[] = []
    const store = services.chatflows
    try {
        const temporary = async (side: string, flowData: string) => {
            const id = await store.create(scope, { name: `[Orquesta verification] ${side}`, flowData, type: flows.type, settings: {} })
            created.push(id)
            return id
        }
        const originalId = await temporary('original', flows.original)
        const optimizedId = await temporary('optimized', flows.optimized)
        const run =
            (id: string) =>
            async (question: string): Promise<FlowRun> => {
                const started = performance.now()
                const { result, calls } = await measureProviderCalls(() =>
                    withTimeout(store.predict(id, question), VERIFY_PREDICTION_TIMEOUT_MS).then(
                        (answer) => ({ text: answer.text }),
                        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })
                    )
                )
                return { ...result, calls, ms: performance.now() - started }
            }
        return await verifyOptimization({
            questions,
            source,
            runOriginal: run(originalId),
            runOptimized: run(optimizedId),
            sampled: samples(original, chatModels),
            budgetUsd: request.budgetUsd,
            expectedCostPerQuestionUsd: perQuestion
        })
    } finally {
        await Promise.allSettled(created.map((id) => store.remove(scope, id)))
    }
}
