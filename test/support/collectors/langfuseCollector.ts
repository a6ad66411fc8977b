import { HttpCollector, type CollectorMode } from './httpCollector'

/** One Langfuse ingestion event as received. */
export interface LangfuseEvent {
    readonly id: string
    readonly type: string
    readonly timestamp: string
    readonly body: Record<string, unknown>
}

/**
 * Speaks Langfuse's ingestion API: `POST /api/public/ingestion` with Basic auth, answered 207
 * with `{successes, errors}` as the real server does. Events whose body names a trace in
 * `rejectTraceIds` are answered as errors.
 */
export class LangfuseCollector extends HttpCollector {
    readonly rejectTraceIds = new Set<string>()

    constructor(
        readonly publicKey: string,
        readonly secretKey: string,
        mode: CollectorMode = 'answer'
    ) {
        super((request) => {
            const expected = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`
            if (request.method !== 'POST' || request.path !== '/api/public/ingestion')
                return { status: 404, body: { message: 'not found' } }
            if (request.headers.authorization !== expected) return { status: 401, body: { message: 'invalid credentials' } }
            const batch = (JSON.parse(request.body) as { batch: LangfuseEvent[] }).batch
            const rejected = batch.filter((e) => this.rejectTraceIds.has(String(e.body.traceId ?? e.body.id)))
            return {
                status: 207,
                body: {
                    successes: batch.filter((e) => !rejected.includes(e)).map((e) => ({ id: e.id, status: 201 })),
                    errors: rejected.map((e) => ({ id: e.id, status: 400, message: 'rejected by the test' }))
                }
            }
        }, mode)
    }

    /** Every event received with valid credentials. */
    get events(): LangfuseEvent[] {
        const expected = `Basic ${Buffer.from(`${this.publicKey}:${this.secretKey}`).toString('base64')}`
        return this.requests
            .filter((r) => r.path === '/api/public/ingestion' && r.headers.authorization === expected)
            .flatMap((r) => (JSON.parse(r.body) as { batch: LangfuseEvent[] }).batch)
    }
}
