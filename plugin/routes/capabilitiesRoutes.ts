import { Router } from 'express'
import { z } from 'zod'
import type { CapabilityService, CatalogUpdate } from '../capabilities/CapabilityService'
import { NODE_CAPABILITIES } from '../capabilities/types'

const querySchema = z.object({
    q: z.string().max(200).optional(),
    category: z.string().max(100).optional(),
    capability: z.enum(NODE_CAPABILITIES).optional(),
    baseClass: z.string().max(200).optional()
})

/** Interval of SSE comments that keep idle proxies from closing the stream (ms). */
const HEARTBEAT_MS = 25_000

/**
 * `GET /capabilities` (filters `q`, `category`, `capability`, `baseClass`) and
 * `GET /capabilities/events` (server-sent events: `ready`, then one `update` per catalog change).
 */
export const capabilitiesRoutes = (service: CapabilityService): Router => {
    const router = Router()
    router.get('/', (req, res) => {
        const parsed = querySchema.safeParse(req.query)
        if (!parsed.success) {
            res.status(400).json({
                error: `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
            })
            return
        }
        const { q, ...filters } = parsed.data
        const entries = service.catalog.query({ ...filters, text: q })
        res.json({ total: service.catalog.size, count: entries.length, entries, failures: service.catalog.loadFailures() })
    })
    router.get('/events', (req, res) => {
        res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-cache',
            connection: 'keep-alive',
            'x-accel-buffering': 'no'
        })
        res.write(`event: ready\ndata: ${JSON.stringify({ total: service.catalog.size })}\n\n`)
        const onUpdate = (update: CatalogUpdate) => res.write(`event: update\ndata: ${JSON.stringify(update)}\n\n`)
        service.on('update', onUpdate)
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
        req.on('close', () => {
            service.off('update', onUpdate)
            clearInterval(heartbeat)
        })
    })
    return router
}
