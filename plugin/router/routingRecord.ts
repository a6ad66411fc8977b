import { AIMessageChunk, type AIMessage } from '@langchain/core/messages'
import type { ChatGenerationChunk } from '@langchain/core/outputs'
import type { TokenUsage } from './callCost'
import type { FailedAttempt } from './errors'
import type { Decision, RankedCandidate, StrategyName, TaskCategory } from './types'

/** The routing record attached to every answer as `response_metadata.orquesta`. */
export interface RoutingRecord {
    readonly model: string
    readonly strategy: StrategyName
    readonly category: TaskCategory
    readonly estimatedInputTokens: number
    readonly candidates: readonly {
        model: string
        score: number
        estimatedCostUsd: number
        expectedLatencyMs?: number
        quality?: number
        /** The evaluation run the quality comes from; absent when it is the config's prior. */
        measuredBy?: string
    }[]
    readonly excluded: Decision['excluded']
    readonly failedAttempts: readonly FailedAttempt[]
    readonly usage?: TokenUsage
    /** usage × prices (USD). */
    readonly costUsd?: number
    /** `x-litellm-response-cost` (USD). */
    readonly proxyCostUsd?: number
    readonly costMismatch?: boolean
    /** Wall time of the successful try (ms). */
    readonly latencyMs: number
    /** Time to the first token of the successful try (ms), streams only. */
    readonly timeToFirstTokenMs?: number
    /** `x-litellm-response-duration-ms`. */
    readonly proxyDurationMs?: number
}

/** Token usage of a message, in the router's terms. */
export const usageOf = (message: AIMessage | AIMessageChunk): TokenUsage | undefined =>
    message.usage_metadata
        ? { inputTokens: message.usage_metadata.input_tokens, outputTokens: message.usage_metadata.output_tokens }
        : undefined

/** Whether a stream chunk carries something for the caller: text or a tool call. */
export const hasPayload = (chunk: ChatGenerationChunk): boolean => {
    const message = chunk.message as AIMessageChunk
    return chunk.text.length > 0 || (message.tool_call_chunks?.length ?? 0) > 0
}

/**
 * LangChain's structured-output parser for chat models accepts only message chunks, and the
 * streaming path yields chunks, so the plain path answers with a chunk too.
 */
export const asChunk = (message: AIMessage, record: RoutingRecord): AIMessageChunk =>
    new AIMessageChunk({
        id: message.id,
        content: message.content,
        additional_kwargs: message.additional_kwargs,
        response_metadata: { ...message.response_metadata, orquesta: record },
        usage_metadata: message.usage_metadata,
        tool_call_chunks: message.tool_calls?.map((call, index) => ({
            type: 'tool_call_chunk' as const,
            name: call.name,
            args: JSON.stringify(call.args),
            id: call.id,
            index
        }))
    })

export const summarize = (candidate: RankedCandidate) => ({
    model: candidate.model.name,
    score: Number(candidate.score.toFixed(4)),
    estimatedCostUsd: candidate.costUsd,
    expectedLatencyMs: candidate.latencyMs === undefined ? undefined : Math.round(candidate.latencyMs),
    quality: candidate.quality,
    measuredBy: candidate.model.measuredBy
})
