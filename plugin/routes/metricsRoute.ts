import { timingSafeEqual } from 'node:crypto'
import type { RequestHandler } from 'express'
import { openMetricsContentType, prometheusContentType, type Registry } from 'prom-client'

const sameSecret = (a: string, b: string) => {
    const x = Buffer.from(a)
    const y = Buffer.from(b)
    return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Who may scrape `/metrics`: it shows traffic, cost per model and evaluation scores, so only
 * a scraper with the bearer token, unless the operator opens it on purpose.
 */
export type MetricsAccess = { readonly public: true } | { readonly public: false; readonly token?: string }

/** `ORQUESTA_METRICS_PUBLIC=true` opens the route; otherwise `ORQUESTA_METRICS_TOKEN` is required (without one, nobody is served). */
export const metricsAccess = (env: NodeJS.ProcessEnv): MetricsAccess =>
    env.ORQUESTA_METRICS_PUBLIC === 'true' ? { public: true } : { public: false, token: env.ORQUESTA_METRICS_TOKEN || undefined }

/**
 * `GET /metrics`: the registry in Prometheus text format, or OpenMetrics when the scraper asks
 * for it. Unless public, only `Authorization: Bearer <token>` gets an answer.
 */
export const metricsRoute = (registry: () => Registry, access: MetricsAccess): RequestHandler => {
    // The format is a setting of the registry: scrapes are rendered one at a time so that two
    // scrapers asking for different formats each get their own.
    let queue: Promise<unknown> = Promise.resolve()
    const render = (format: typeof prometheusContentType | typeof openMetricsContentType) => {
        const rendered = queue.then(async () => {
            const metrics = registry() as Registry<typeof format>
            metrics.setContentType(format)
            return { contentType: metrics.contentType, body: await metrics.metrics() }
        })
        queue = rendered.catch(() => undefined)
        return rendered
    }
    return async (req, res, next) => {
        if (!access.public && !access.token) {
            res.status(401).set('www-authenticate', 'Bearer').json({
                error: 'metrics are closed: set ORQUESTA_METRICS_TOKEN on the server and scrape with Authorization: Bearer <token>, or ORQUESTA_METRICS_PUBLIC=true'
            })
            return
        }
        if (!access.public && !sameSecret(req.headers.authorization ?? '', `Bearer ${access.token}`)) {
            res.status(401).set('www-authenticate', 'Bearer').json({ error: 'metrics need Authorization: Bearer <ORQUESTA_METRICS_TOKEN>' })
            return
        }
        try {
            const openMetrics = (req.headers.accept ?? '').includes('application/openmetrics-text')
            const { contentType, body } = await render(openMetrics ? openMetricsContentType : prometheusContentType)
            res.set('content-type', contentType).send(body)
        } catch (error) {
            next(error)
        }
    }
}
