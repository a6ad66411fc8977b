import type { PredictionDecision, PredictionDecisions } from '../router/PredictionDecisions'
import type { DecisionSummary } from '../router/decisionSummary'

/** A used-tool entry as Flowise stores it on a chat message and its chat panel shows it (a chip; its dialog shows input and output). */
export interface UsedTool {
    readonly tool: string
    readonly toolInput: Record<string, unknown>
    readonly toolOutput: string
}

/** The chip's label names the model; its dialog shows why (input) and what it cost (output). */
export const asUsedTool = (summary: DecisionSummary): UsedTool => ({
    tool: `LiteLLM Router → ${summary.model}`,
    toolInput: { strategy: summary.strategy, limits: summary.limits, excluded: summary.excluded, fallbacks: summary.fallbacks },
    toolOutput: summary.text
})

/** Flowise keeps used tools as an array on a prediction's result and as JSON text on a chat message. */
const usedToolsOf = (value: unknown): unknown[] => {
    if (Array.isArray(value)) return value
    if (typeof value !== 'string' || !value) return []
    try {
        const parsed = JSON.parse(value) as unknown
        return Array.isArray(parsed) ? parsed : []
    } catch {
        return []
    }
}

const withChips = (usedTools: unknown, decisions: readonly PredictionDecision[]): unknown[] => [
    ...usedToolsOf(usedTools),
    ...decisions.map((d) => asUsedTool(d.summary))
]

/** Flowise's `executeFlow` (utils/buildChatflow): runs one prediction, in the server or a queue worker, and returns its answer. */
type ExecuteFlow = (data: unknown) => Promise<unknown>
/** Flowise's `utilAddChatMessage` (utils/addChatMesage): saves one chat message. */
type AddChatMessage = (message: Record<string, unknown>, ...rest: unknown[]) => Promise<unknown>
/** Flowise's `SSEStreamer` (utils/SSEStreamer): writes a stream's events to its client. */
interface SseStreamerLike {
    streamMetadataEvent(chatId: string, apiResponse: unknown): void
    streamUsedToolsEvent(chatId: string, data: unknown): void
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * Shows the router's decisions where Flowise shows a node's used tools, without changing Flowise:
 * - each prediction (`executeFlow`, which a queue worker runs too) collects its decisions;
 * - its answer message is saved with one used-tool entry per decision (the chat history's chips), in
 *   Flowise's own single write;
 * - its answer gets the same entries in `usedTools` and the decisions in `orquesta.decisions`; in
 *   queue mode the worker's answer carries them to the server;
 * - a stream gets a `usedTools` event with them just before its metadata event.
 * Predictions without a decision are left as they are; a failure here never fails a prediction.
 */
export const routingDisclosure = (decisionsOf: () => PredictionDecisions, onError: (message: string) => void) => {
    // Looked up on first use: Flowise loads these modules before the plugin's runtime exists.
    let decisions: PredictionDecisions | undefined
    const held = () => (decisions ??= decisionsOf())
    const guarded = <T>(what: string, fallback: T, work: () => T): T => {
        try {
            return work()
        } catch (error) {
            onError(`[orquesta] could not add the routing decisions to ${what}: ${(error as Error).message}`)
            return fallback
        }
    }
    return {
        executeFlow:
            (original: ExecuteFlow): ExecuteFlow =>
            (data) => {
                const decisions = guarded('the answer', undefined, held)
                if (!decisions) return original(data)
                return decisions.run(async () => {
                    const result = await original(data)
                    const made = decisions.current()
                    if (!made.length || !isRecord(result)) return result
                    return guarded('the answer', result, () => ({
                        ...result,
                        usedTools: withChips(result.usedTools, made),
                        orquesta: { decisions: made.map((d) => ({ nodeId: d.nodeId, ...d.summary })) }
                    }))
                })
            },
        addChatMessage:
            (original: AddChatMessage): AddChatMessage =>
            (message, ...rest) => {
                const made = guarded('the chat message', [], () => held().current())
                if (!made.length || !isRecord(message) || message.role !== 'apiMessage') return original(message, ...rest)
                const shown = guarded('the chat message', message, () => ({
                    ...message,
                    usedTools: JSON.stringify(withChips(message.usedTools, made))
                }))
                return original(shown, ...rest)
            },
        streamMetadataEvent: (original: SseStreamerLike['streamMetadataEvent']) =>
            function (this: SseStreamerLike, chatId: string, apiResponse: unknown) {
                // The answer's used tools already hold the chips: the client's list is replaced by this event's.
                if (isRecord(apiResponse) && isRecord(apiResponse.orquesta))
                    guarded('the stream', undefined, () => this.streamUsedToolsEvent(chatId, apiResponse.usedTools))
                return original.call(this, chatId, apiResponse)
            }
    }
}

export type RoutingDisclosure = ReturnType<typeof routingDisclosure>

/**
 * Patches the three Flowise functions that show routing decisions (see {@link routingDisclosure}), each
 * once, on the module that exports it: `executeFlow` (which a queue worker runs too),
 * `utilAddChatMessage`, and `SSEStreamer`'s metadata event. Flowise calls them through their
 * module's exports, so replacing the export reaches every caller.
 */
export const disclosurePatches = (decisionsOf: () => PredictionDecisions, onError: (message: string) => void) => {
    const wrappers = routingDisclosure(decisionsOf, onError)
    type Own = (name: string) => unknown
    type Fn<K extends keyof RoutingDisclosure> = Parameters<RoutingDisclosure[K]>[0]
    const isFunction = (value: unknown): boolean => typeof value === 'function'
    const streamerOf = (own: Own) => (own('SSEStreamer') as { prototype?: Record<string, unknown> } | undefined)?.prototype
    /** Each target: how its module is recognised, and the patch. */
    const targets = [
        {
            found: (own: Own) => isFunction(own('executeFlow')) && isFunction(own('utilBuildChatflow')),
            apply: (exports: Record<string, unknown>) =>
                (exports.executeFlow = wrappers.executeFlow(exports.executeFlow as Fn<'executeFlow'>))
        },
        {
            found: (own: Own) => isFunction(own('utilAddChatMessage')),
            apply: (exports: Record<string, unknown>) =>
                (exports.utilAddChatMessage = wrappers.addChatMessage(exports.utilAddChatMessage as Fn<'addChatMessage'>))
        },
        {
            found: (own: Own) => isFunction(streamerOf(own)?.streamMetadataEvent) && isFunction(streamerOf(own)?.streamUsedToolsEvent),
            apply: (_exports: Record<string, unknown>, own: Own) => {
                const prototype = streamerOf(own)!
                prototype.streamMetadataEvent = wrappers.streamMetadataEvent(prototype.streamMetadataEvent as Fn<'streamMetadataEvent'>)
            }
        }
    ]
    const pending = new Set(targets)
    return {
        get done(): boolean {
            return pending.size === 0
        },
        stop(): void {
            pending.clear()
        },
        /** Patches the pending targets this module exports, when `allowed()` (asked only for such a module). */
        patch: (exports: Record<string, unknown>, own: Own, allowed: () => boolean): void => {
            const found = [...pending].filter((target) => target.found(own))
            if (!found.length) return
            // A Flowise the plugin does not run on gets none of them, and the module hook can come off.
            if (!allowed()) return pending.clear()
            for (const target of found) {
                pending.delete(target)
                target.apply(exports, own)
            }
        }
    }
}
