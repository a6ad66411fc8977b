import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The one permitted fake in the chain: a local OpenAI-compatible provider that LiteLLM's
 * deployments point at in tests. It speaks `/v1/chat/completions` (plain and SSE
 * streaming, with usage) and `/v1/models`, and each model's behaviour is scriptable.
 */

/** What a scripted model answers. */
export interface ScriptedReply {
    content?: string
    toolCalls?: { name: string; arguments: string }[]
}

/** Per-model behaviour; every field is optional and defaults to an instant echo. */
export interface ModelScript {
    /** Fixed text, or a function of the request body. Default: `"[<model>] <last user text>"`. */
    reply?: string | ScriptedReply | ((body: ChatRequestBody) => string | ScriptedReply)
    /** Delay before the response headers (ms). */
    latencyMs?: number
    /** Delay between stream chunks (ms). */
    chunkDelayMs?: number
    /** Answer with this HTTP status instead of a completion. */
    failWith?: { status: number; message?: string }
    /** Never answer (the caller must time out). */
    hang?: boolean
    /** With `failWith`: fail only every n-th request of this model (2: every other one, 50%). */
    failEvery?: number
    /** Streams only: destroy the socket after this many content chunks. */
    cutStreamAfterChunks?: number
    /** Usage to report; default counts whitespace-separated words. */
    usage?: { prompt_tokens: number; completion_tokens: number }
}

export interface ChatRequestBody {
    model: string
    messages: { role: string; content: unknown }[]
    stream?: boolean
    user?: string
    tools?: unknown[]
    [key: string]: unknown
}

/** One request as the provider received it. */
export interface ReceivedRequest {
    model: string
    body: ChatRequestBody
    headers: http.IncomingHttpHeaders
    at: number
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const lastUserText = (body: ChatRequestBody): string => {
    const last = [...body.messages].reverse().find((m) => m.role === 'user')
    if (!last) return ''
    if (typeof last.content === 'string') return last.content
    if (Array.isArray(last.content)) {
        return last.content.map((part: { type?: string; text?: string }) => (part.type === 'text' ? (part.text ?? '') : '')).join(' ')
    }
    return ''
}

/** Size of the stand-in's embedding vectors. */
const EMBEDDING_DIMENSIONS = 16

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length

export class StandInProvider {
    readonly requests: ReceivedRequest[] = []
    private readonly scripts = new Map<string, ModelScript>()
    private readonly counts = new Map<string, number>()
    private readonly sockets = new Set<import('node:net').Socket>()
    private server?: http.Server
    private port = 0

    /** Base URL for LiteLLM's `api_base`, e.g. `http://127.0.0.1:PORT/v1`. */
    get baseUrl(): string {
        return `http://127.0.0.1:${this.port}/v1`
    }

    /** Replaces the behaviour of `model` (the upstream model name, without provider prefix). */
    script(model: string, script: ModelScript): void {
        this.scripts.set(model, script)
    }

    /** Forgets every script and every recorded request. */
    reset(): void {
        this.scripts.clear()
        this.counts.clear()
        this.requests.length = 0
    }

    /** Connections open to the provider right now. */
    get openConnections(): number {
        return this.sockets.size
    }

    requestsFor(model: string): ReceivedRequest[] {
        return this.requests.filter((r) => r.model === model)
    }

    async start(port = 0): Promise<void> {
        this.server = http.createServer((req, res) => {
            this.handle(req, res).catch((error) => {
                if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
                res.end(JSON.stringify({ error: { message: String(error) } }))
            })
        })
        this.server.on('connection', (socket) => {
            this.sockets.add(socket)
            socket.on('close', () => this.sockets.delete(socket))
        })
        await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
        this.port = (this.server.address() as AddressInfo).port
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy()
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const url = req.url ?? ''
        if (req.method === 'GET' && url.endsWith('/models')) {
            const data = [...this.scripts.keys()].map((id) => ({ id, object: 'model', owned_by: 'stand-in' }))
            res.writeHead(200, { 'content-type': 'application/json' })
            res.end(JSON.stringify({ object: 'list', data }))
            return
        }
        if (req.method === 'POST' && url.endsWith('/embeddings')) {
            await this.embed(req, res)
            return
        }
        if (req.method !== 'POST' || !url.endsWith('/chat/completions')) {
            res.writeHead(404, { 'content-type': 'application/json' })
            res.end(JSON.stringify({ error: { message: `stand-in provider has no route ${req.method} ${url}` } }))
            return
        }
        const chunks: Buffer[] = []
        for await (const chunk of req) chunks.push(chunk as Buffer)
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody
        this.requests.push({ model: body.model, body, headers: req.headers, at: Date.now() })
        const script = this.scripts.get(body.model) ?? {}

        if (script.hang) return
        if (script.latencyMs) await wait(script.latencyMs)
        const seen = (this.counts.get(body.model) ?? 0) + 1
        this.counts.set(body.model, seen)
        if (script.failWith && (!script.failEvery || seen % script.failEvery === 0)) {
            res.writeHead(script.failWith.status, { 'content-type': 'application/json' })
            const message = script.failWith.message ?? `scripted failure ${script.failWith.status}`
            res.end(JSON.stringify({ error: { message, type: 'stand_in_error', code: script.failWith.status } }))
            return
        }

        const reply = this.replyFor(body, script)
        const promptTokens = script.usage?.prompt_tokens ?? countWords(body.messages.map((m) => JSON.stringify(m.content)).join(' '))
        const completionTokens = script.usage?.completion_tokens ?? Math.max(1, countWords(reply.content ?? ''))
        const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens }
        const id = `chatcmpl-standin-${this.requests.length}`
        const created = Math.floor(Date.now() / 1000)
        const toolCalls = reply.toolCalls?.map((call, index) => ({
            index,
            id: `call_${index}`,
            type: 'function',
            function: { name: call.name, arguments: call.arguments }
        }))

        if (!body.stream) {
            res.writeHead(200, { 'content-type': 'application/json' })
            res.end(
                JSON.stringify({
                    id,
                    object: 'chat.completion',
                    created,
                    model: body.model,
                    choices: [
                        {
                            index: 0,
                            message: { role: 'assistant', content: reply.content ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
                            finish_reason: toolCalls ? 'tool_calls' : 'stop'
                        }
                    ],
                    usage
                })
            )
            return
        }

        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
        const send = (delta: object, finish: string | null = null, extra: object = {}) =>
            res.write(
                `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`
            )
        send({ role: 'assistant', content: '' })
        const pieces = (reply.content ?? '').match(/\S+\s*/g) ?? []
        let sent = 0
        for (const piece of pieces) {
            if (script.cutStreamAfterChunks !== undefined && sent >= script.cutStreamAfterChunks) {
                req.socket.destroy()
                return
            }
            if (script.chunkDelayMs) await wait(script.chunkDelayMs)
            send({ content: piece })
            sent++
        }
        if (script.cutStreamAfterChunks !== undefined && sent >= script.cutStreamAfterChunks) {
            req.socket.destroy()
            return
        }
        if (toolCalls) send({ tool_calls: toolCalls })
        send({}, toolCalls ? 'tool_calls' : 'stop')
        const wantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage
        if (wantsUsage)
            res.write(
                `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage })}\n\n`
            )
        res.end('data: [DONE]\n\n')
    }

    /**
     * `/v1/embeddings`: a deterministic bag-of-words vector per input (each word adds to the
     * dimension its hash picks), so that texts sharing words are close.
     */
    private async embed(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = []
        for await (const chunk of req) chunks.push(chunk as Buffer)
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[] }
        this.requests.push({ model: body.model, body: { model: body.model, messages: [] }, headers: req.headers, at: Date.now() })
        const inputs = Array.isArray(body.input) ? body.input : [body.input]
        const vector = (text: string) => {
            const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0)
            for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
                let h = 0
                for (const c of word) h = (h * 31 + c.charCodeAt(0)) >>> 0
                v[h % EMBEDDING_DIMENSIONS] += 1
            }
            const norm = Math.hypot(...v) || 1
            return v.map((x) => x / norm)
        }
        const tokens = inputs.reduce((n, text) => n + countWords(text), 0)
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
            JSON.stringify({
                object: 'list',
                model: body.model,
                data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: vector(text) })),
                usage: { prompt_tokens: tokens, total_tokens: tokens }
            })
        )
    }

    private replyFor(body: ChatRequestBody, script: ModelScript): ScriptedReply {
        const reply = typeof script.reply === 'function' ? script.reply(body) : script.reply
        if (reply === undefined) return { content: `[${body.model}] ${lastUserText(body)}` }
        return typeof reply === 'string' ? { content: reply } : reply
    }
}
