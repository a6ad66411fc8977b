import pLimit from 'p-limit'
import type { FlowiseClient } from './flowise'

/** One prediction's outcome: its answer text or its error, and how long it took (ms). */
export interface PredictionOutcome {
    readonly text?: string
    readonly error?: string
    readonly ms: number
}

/** One prediction, streaming or not; an error event in the stream counts as an error. */
export const ask = async (client: FlowiseClient, id: string, question: string, streaming: boolean): Promise<PredictionOutcome> => {
    const started = performance.now()
    const done = (outcome: { text?: string; error?: string }) => ({ ...outcome, ms: performance.now() - started })
    try {
        if (!streaming) return done({ text: (await client.predict(id, question)).text })
        const events = await client.predictStream(id, question)
        const error = events.find((e) => e.event === 'error')
        if (error) return done({ error: String(error.data) })
        return done({
            text: events
                .filter((e) => e.event === 'token')
                .map((e) => e.data)
                .join('')
        })
    } catch (error) {
        return done({ error: (error as Error).message })
    }
}

/** `count` predictions of `load <i>`, `concurrency` at a time; `streaming(i)` says which stream (default: every other one). */
export const predictionLoad = (
    client: FlowiseClient,
    id: string,
    count: number,
    concurrency: number,
    streaming: (i: number) => boolean = (i) => i % 2 === 0
): Promise<PredictionOutcome[]> => {
    const limit = pLimit(concurrency)
    return Promise.all(Array.from({ length: count }, (_, i) => limit(() => ask(client, id, `load ${i}`, streaming(i)))))
}
