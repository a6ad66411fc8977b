import { HttpCollector, type CollectorMode } from './httpCollector'

/** One LangSmith run as received. */
export type LangSmithRun = Record<string, unknown> & { id: string; name: string; tags?: string[] }

/**
 * Speaks LangSmith's run endpoints: `POST /runs/batch` (`{post, patch}`), `POST /runs`,
 * `PATCH /runs/:id` and `GET /info`, with the `x-api-key` header.
 */
export class LangSmithCollector extends HttpCollector {
    constructor(
        readonly apiKey: string,
        mode: CollectorMode = 'answer'
    ) {
        super((request) => {
            if (request.headers['x-api-key'] !== apiKey) return { status: 401, body: { detail: 'invalid api key' } }
            if (request.method === 'GET' && request.path === '/info')
                return { status: 200, body: { version: '0.10.0', batch_ingest_config: {} } }
            if (request.method === 'POST' && (request.path === '/runs/batch' || request.path === '/runs')) return { status: 202, body: {} }
            if (request.method === 'PATCH' && request.path.startsWith('/runs/')) return { status: 202, body: {} }
            return { status: 404, body: { detail: 'not found' } }
        }, mode)
    }

    /** Every run created with a valid key, from batches and single posts. */
    get runs(): LangSmithRun[] {
        return this.requests
            .filter((r) => r.headers['x-api-key'] === this.apiKey && r.method === 'POST')
            .flatMap((r) => {
                if (r.path === '/runs/batch') return (JSON.parse(r.body) as { post?: LangSmithRun[] }).post ?? []
                if (r.path === '/runs') return [JSON.parse(r.body) as LangSmithRun]
                return []
            })
    }
}
