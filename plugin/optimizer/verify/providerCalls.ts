import { AsyncLocalStorage } from 'node:async_hooks'
import diagnosticsChannel from 'node:diagnostics_channel'

/** Paths of model calls, across the providers Flowise talks to (OpenAI-compatible, Anthropic, Gemini, Ollama). */
const MODEL_CALL =
    /\/(chat\/completions|completions|embeddings|messages|responses)$|:(generateContent|streamGenerateContent)$|\/api\/(chat|generate|embed|embeddings)$/

/** The provider calls made while one prediction ran. */
export interface ProviderCalls {
    /** Model calls (HTTP requests to a model endpoint). */
    count: number
    /** USD, from LiteLLM's `x-litellm-response-cost` header, over the calls that carried it. */
    costUsd: number
    /** Calls whose cost no header gave (a provider called directly, or an answer that failed). */
    unpriced: number
}

/** What is being measured in this async context, and the cost readings still under way. */
interface Measurement {
    readonly calls: ProviderCalls
    readonly reading: Promise<void>[]
}

const current = new AsyncLocalStorage<Measurement>()
const pending = new WeakMap<object, Measurement>()
let installed = false

const record = (calls: ProviderCalls, cost: unknown) => {
    const usd = typeof cost === 'string' && cost.trim() !== '' ? Number(cost) : typeof cost === 'number' ? cost : NaN
    if (Number.isFinite(usd)) calls.costUsd += usd
    else calls.unpriced++
}

/**
 * LiteLLM's cost of one answer: its `x-litellm-response-cost` header, or (for a stream, whose
 * headers leave before the cost is known) the `usage.cost` it puts in the last chunk.
 */
const costOf = async (response: Response): Promise<unknown> => {
    const header = response.headers.get('x-litellm-response-cost')
    if (header !== null) return header
    const text = await response.text()
    const lines = text.startsWith('data:') || text.includes('\ndata:') ? text.split('\n').filter((l) => l.startsWith('data:')) : [text]
    for (const line of lines.reverse()) {
        if (!line.includes('"usage"')) continue
        try {
            return (JSON.parse(line.replace(/^data:\s*/, '')) as { usage?: { cost?: unknown } }).usage?.cost
        } catch {
            return undefined
        }
    }
    return undefined
}

const urlOf = (input: unknown): string =>
    typeof input === 'string' ? input : input instanceof URL ? input.href : ((input as { url?: string } | undefined)?.url ?? '')

/**
 * Counts and prices the model calls made inside {@link measureProviderCalls}: `fetch` (undici,
 * which the OpenAI SDK uses) is wrapped once, reading a clone of each model answer for its cost;
 * Node's `http` client is followed through its diagnostics channels (cost from the header only).
 * Outside a measurement both pass everything through untouched. Installed at the plugin's start:
 * the OpenAI SDK keeps the `fetch` it finds when a client is made, so a later wrapper misses them.
 */
export const installProviderCallCounting = (): void => {
    if (installed) return
    installed = true
    const originalFetch = globalThis.fetch
    globalThis.fetch = function measuredFetch(this: unknown, ...args: Parameters<typeof fetch>) {
        const answer = originalFetch.apply(this, args)
        const measurement = current.getStore()
        if (!measurement || !MODEL_CALL.test(new URL(urlOf(args[0]), 'http://localhost').pathname)) return answer
        measurement.calls.count++
        return answer.then(
            (response) => {
                measurement.reading.push(
                    costOf(response.clone()).then(
                        (cost) => record(measurement.calls, cost),
                        () => void measurement.calls.unpriced++
                    )
                )
                return response
            },
            (error: unknown) => {
                measurement.calls.unpriced++
                throw error
            }
        )
    } as typeof fetch
    diagnosticsChannel.subscribe('http.client.request.start', (message) => {
        const { request } = message as { request: object & { path: string } }
        const measurement = current.getStore()
        if (!measurement || !MODEL_CALL.test(request.path.split('?')[0])) return
        measurement.calls.count++
        pending.set(request, measurement)
    })
    diagnosticsChannel.subscribe('http.client.response.finish', (message) => {
        const { request, response } = message as { request: object; response: { headers: Record<string, string | undefined> } }
        const measurement = pending.get(request)
        if (!measurement) return
        pending.delete(request)
        record(measurement.calls, response.headers['x-litellm-response-cost'])
    })
}

/** Runs `work` and counts the model calls it makes (in this process: a queue-mode worker's are not seen). */
export const measureProviderCalls = async <T>(work: () => Promise<T>): Promise<{ result: T; calls: ProviderCalls }> => {
    installProviderCallCounting()
    const measurement: Measurement = { calls: { count: 0, costUsd: 0, unpriced: 0 }, reading: [] }
    const result = await current.run(measurement, work)
    await Promise.allSettled(measurement.reading)
    return { result, calls: measurement.calls }
}
