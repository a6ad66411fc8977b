import type { RequestHandler } from 'express'
import { depthOver, MAX_NESTING_DEPTH } from '../limits/nesting'

/** Largest request body the plugin's routes accept (bytes): a 5 MiB flow or a 2 MiB suite, quoted, fits. */
export const MAX_BODY_BYTES = 12 * 1024 * 1024

/**
 * Guards every plugin route before its handler: a body over {@link MAX_BODY_BYTES} is a 413 and
 * one nested deeper than {@link MAX_NESTING_DEPTH} a 400 (checked without recursion), so that no
 * handler meets a document whose stringifying or validation would overflow the stack.
 */
export const bodyLimits: RequestHandler = (req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0)
    if (length > MAX_BODY_BYTES) {
        res.status(413).json({ error: `the request body is ${length} bytes; the limit is ${MAX_BODY_BYTES}` })
        return
    }
    if (depthOver(req.body) !== undefined) {
        res.status(400).json({ error: `the request body is nested more than ${MAX_NESTING_DEPTH} levels deep` })
        return
    }
    next()
}
