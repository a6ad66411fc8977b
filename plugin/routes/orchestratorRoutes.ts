import { Router, type RequestHandler } from 'express'
import { FlowOptimizationError } from '../optimizer/optimizeFlow'
import { UnsatisfiableRequestError } from '../orchestrator/orchestrate'
import { orchestrateInHost } from '../orchestrator/orchestrateInHost'
import { orchestrateBodySchema } from '../orchestrator/requestSchema'
import type { HostServices } from '../runtime'

/**
 * `POST /orchestrate`: a request in words becomes a flow (saved into the caller's workspace with
 * `save: true`, which needs `chatflows:create`; `chatflows:view` otherwise). Bad input is a 400
 * naming the field; a request no flow can meet is a 422 naming what is missing.
 */
export const orchestratorRoutes = (options: HostServices & { requirePermission: (permission: string) => RequestHandler }): Router => {
    const router = Router()
    const saving: RequestHandler = (req, res, next) =>
        req.body?.save === true ? options.requirePermission('chatflows:create')(req, res, next) : next()
    router.post('/orchestrate', saving, async (req, res, next) => {
        const parsed = orchestrateBodySchema.safeParse(req.body)
        if (!parsed.success)
            return res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') })
        const body = parsed.data
        try {
            const answer = await orchestrateInHost(options, options.chatflows.scopeOf(req), {
                query: body.query,
                type: body.type,
                constraints: body.constraints,
                material: body.context,
                embeddingModel: body.context.embeddingModel,
                save: body.save,
                name: body.name
            })
            res.json(answer)
        } catch (error) {
            if (error instanceof UnsatisfiableRequestError)
                return res.status(422).json({ error: error.message, missing: error.missing, securityChecks: error.securityChecks })
            if (error instanceof FlowOptimizationError) return res.status(422).json({ error: error.message, issues: error.issues })
            next(error)
        }
    })
    return router
}
