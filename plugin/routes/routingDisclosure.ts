import type { RequestHandler, Response } from 'express'
import type { DecisionLedger, LedgerEntry } from '../router/DecisionLedger'
import type { DecisionSummary } from '../router/decisionSummary'

/** A used-tool entry as Flowise stores it on a chat message and its chat panel shows it (a chip; its dialog shows input and output). */
export interface UsedTool {
    readonly tool: string
    readonly toolInput: Record<string, unknown>
    readonly toolOutput: string
}

/** What the prediction answer gets: the decisions, and where Flowise's UI shows them. */
export interface RoutingDisclosureOptions {
    readonly ledger: DecisionLedger
    /** Writes the used tools of a stored chat message (Flowise's `chat_message.usedTools`). */
    readonly saveUsedTools: (chatMessageId: string, usedTools: readonly unknown[]) => Promise<void>
    readonly onError: (message: string) => void
}

/** The chip's label names the model; its dialog shows why (input) and what it cost (output). */
export const asUsedTool = (summary: DecisionSummary): UsedTool => ({
    tool: `LiteLLM Router → ${summary.model}`,
    toolInput: { strategy: summary.strategy, limits: summary.limits, excluded: summary.excluded, fallbacks: summary.fallbacks },
    toolOutput: summary.text
})

const SSE_PREFIX = 'message:\ndata:'

/** The events this wrapper reads; Flowise's streamer writes `{"event":…` first, so others are told apart without parsing. */
const WATCHED = ['usedTools', 'metadata'].map((event) => `${SSE_PREFIX}{"event":"${event}"`)

/** A `usedTools` or `metadata` event written by Flowise's streamer, or undefined for any other write. */
const sseEvent = (chunk: unknown): { event: string; data: unknown } | undefined => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined
    // Token and execution-data events (large ones too) pass without being parsed.
    if (!text || !WATCHED.some((prefix) => text.startsWith(prefix))) return undefined
    try {
        return JSON.parse(text.slice(SSE_PREFIX.length).trim()) as { event: string; data: unknown }
    } catch {
        return undefined
    }
}

const parsedList = (value: unknown): unknown[] => {
    if (Array.isArray(value)) return value
    if (typeof value !== 'string' || !value) return []
    try {
        const parsed = JSON.parse(value) as unknown
        return Array.isArray(parsed) ? parsed : []
    } catch {
        return []
    }
}

/**
 * Shows the router's decisions in a prediction's answer, without changing Flowise: on
 * `POST /prediction/:id` (the API) and `/internal-prediction/:id` (the chat panel) it adds
 * `orquesta.decisions` to the JSON answer and one used-tool entry per decision to `usedTools`,
 * which Flowise's chat panel shows as chips; in a stream, a `usedTools` event before the
 * metadata event. The stored chat message gets the same used tools, so the chat history shows
 * them too. Answers without a decision pass through untouched; a failure here never fails the
 * prediction.
 */
export const routingDisclosure =
    ({ ledger, saveUsedTools, onError }: RoutingDisclosureOptions): RequestHandler =>
    (req, res, next) => {
        if (req.method !== 'POST') return next()
        const since = Date.now()
        const claim = (chatId: unknown): LedgerEntry[] => (typeof chatId === 'string' ? ledger.take(chatId, since) : [])
        const save = (chatMessageId: unknown, usedTools: unknown[]) => {
            if (typeof chatMessageId !== 'string') return
            saveUsedTools(chatMessageId, usedTools).catch((error: Error) =>
                onError(`[orquesta] could not add the routing decisions to chat message ${chatMessageId}: ${error.message}`)
            )
        }
        wrapJson(res, (body) => {
            const entries = claim(body.chatId)
            if (!entries.length) return body
            const usedTools = [...parsedList(body.usedTools), ...entries.map((e) => asUsedTool(e.summary))]
            save(body.chatMessageId, usedTools)
            return { ...body, usedTools, orquesta: { decisions: entries.map((e) => ({ nodeId: e.nodeId, ...e.summary })) } }
        })
        wrapStream(res, (write) => {
            let usedToolsSent: unknown[] = []
            return (chunk) => {
                const event = sseEvent(chunk)
                if (event?.event === 'usedTools') usedToolsSent = parsedList(event.data)
                if (event?.event === 'metadata') {
                    const data = (event.data ?? {}) as Record<string, unknown>
                    const entries = claim(data.chatId)
                    if (entries.length) {
                        const usedTools = [...usedToolsSent, ...entries.map((e) => asUsedTool(e.summary))]
                        write(`${SSE_PREFIX}${JSON.stringify({ event: 'usedTools', data: usedTools })}\n\n`)
                        save(data.chatMessageId, usedTools)
                    }
                }
            }
        })
        next()
    }

/** Lets `transform` change the JSON body before Flowise's `res.json` sends it. */
const wrapJson = (res: Response, transform: (body: Record<string, unknown>) => Record<string, unknown>): void => {
    const json = res.json.bind(res)
    res.json = (body: unknown) => {
        if (body === null || typeof body !== 'object' || Array.isArray(body) || res.statusCode >= 400) return json(body)
        try {
            return json(transform(body as Record<string, unknown>))
        } catch {
            // Showing the decision is a courtesy: the answer goes out as Flowise made it.
            return json(body)
        }
    }
}

/** Calls the observer before each write of a server-sent-event stream; the observer may write first. */
const wrapStream = (res: Response, observer: (write: (text: string) => void) => (chunk: unknown) => void): void => {
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean
    const observe = observer((text) => write(text))
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
        try {
            if (String(res.getHeader('content-type') ?? '').includes('text/event-stream')) observe(chunk)
        } catch {
            // Showing the decision is a courtesy; the stream is the user's.
        }
        return write(chunk, ...rest)
    }) as Response['write']
}
