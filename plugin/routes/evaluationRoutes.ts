import { Router, type NextFunction, type RequestHandler, type Response } from 'express'
import { z } from 'zod'
import { EvaluationRequestError, finishedWithin, type EvaluationService, type StartedRun } from '../evaluation/EvaluationService'
import { LiteLLMProxyError } from '../litellm/errors'
import { EvaluationRefusedError } from '../evaluation/costGuard'
import { leaderboard } from '../evaluation/report/leaderboard'
import type { EvaluationScheduler } from '../evaluation/schedule/EvaluationScheduler'
import { parseSuiteOffThread } from '../evaluation/suite/suiteParserThread'
import { SuiteFormatError } from '../evaluation/suite/SuiteFormatError'
import { EVALUATION_CATEGORIES } from '../evaluation/types'
import { roundReportForPeople } from '../format/roundForPeople'
import { flowEvaluationRoutes } from './flowEvaluationRoutes'
import type { ChatflowStore } from './optimizerRoutes'

/** The longest a request may wait for its run to finish (ms). */
export const MAX_WAIT_MS = 120_000

const startBody = z
    .object({
        models: z.array(z.string().min(1).max(200)).max(100).optional(),
        /** An inline suite (YAML or JSON text, or a JSON object); the configured suite when absent. */
        suite: z.union([z.string().max(2_000_000), z.record(z.string(), z.unknown())]).optional(),
        /** Wait this long (ms) for the run to finish and answer with its reports. */
        waitMs: z.number().int().min(0).max(MAX_WAIT_MS).optional()
    })
    .strict()

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() })
const compareQuery = z.object({ baseline: z.string().min(1), candidate: z.string().min(1) })
const leaderboardQuery = z.object({ category: z.enum([...EVALUATION_CATEGORIES, 'overall']).optional() })

const answerError = (res: Response, next: NextFunction, error: unknown): unknown => {
    if (error instanceof z.ZodError)
        return res.status(400).json({ error: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') })
    if (error instanceof SuiteFormatError) return res.status(400).json({ error: error.message })
    if (error instanceof LiteLLMProxyError) return res.status(502).json({ error: error.message })
    if (error instanceof EvaluationRefusedError) return res.status(error.status).json({ error: error.message, code: error.code })
    if (error instanceof EvaluationRequestError)
        return res.status(error.status ?? (/^No evaluation run/.test(error.message) ? 404 : 400)).json({ error: error.message })
    return next(error)
}

export const handler =
    (work: (req: Parameters<RequestHandler>[0], res: Response) => Promise<unknown>): RequestHandler =>
    (req, res, next) =>
        void work(req, res).catch((error: unknown) => answerError(res, next, error))

/** A suite sent in a request body (YAML or JSON text, or an object), parsed off the main thread. */
export const parseRequestSuite = (suite: string | Record<string, unknown>) =>
    parseSuiteOffThread(typeof suite === 'string' ? suite : JSON.stringify(suite), 'request body')

/**
 * 202 with the started run, or 200 with its reports when it finished within `waitMs`; with the
 * suite's `warnings` (what of a promptfoo config is not applied, provider settings say) so that
 * the user sees them.
 */
export const answerStarted = async (
    res: Response,
    started: StartedRun | undefined,
    waitMs?: number,
    warnings?: readonly string[]
): Promise<void> => {
    if (!started) throw new EvaluationRequestError('The run could not be recorded')
    const finished = waitMs ? await finishedWithin(started, waitMs) : undefined
    const shown = warnings?.length ? { warnings } : {}
    res.status(finished ? 200 : 202).json(
        finished ? { run: finished.run, reports: roundReportForPeople(finished.reports), ...shown } : { run: started.run, ...shown }
    )
}

export interface EvaluationRoutesOptions {
    readonly service: EvaluationService
    readonly scheduler?: EvaluationScheduler
    /** The host's chatflows, for flow evaluations (absent: no flow routes). */
    readonly chatflows?: ChatflowStore
    readonly requirePermission: (permission: string) => RequestHandler
}

/**
 * `/evaluations`: start a run (optionally waiting for it), list runs, a run's report, resume a
 * stopped run, compare two runs, a leaderboard per category, and the schedules. Reading needs
 * `chatflows:view`, starting or resuming a run `chatflows:update` (Flowise's own evaluation
 * permissions exist only in its Enterprise build).
 */
export const evaluationRoutes = ({ service, scheduler, chatflows, requirePermission }: EvaluationRoutesOptions): Router => {
    const router = Router()
    if (chatflows) router.use('/flows', flowEvaluationRoutes({ service, chatflows, requirePermission }))
    const view = requirePermission('chatflows:view')
    const run = requirePermission('chatflows:update')

    router.post(
        '/runs',
        run,
        handler(async (req, res) => {
            const body = startBody.parse(req.body ?? {})
            const suite = body.suite === undefined ? undefined : await parseRequestSuite(body.suite)
            await answerStarted(res, await service.start({ models: body.models, suite, trigger: 'manual' }), body.waitMs, suite?.warnings)
        })
    )
    router.get(
        '/runs',
        view,
        handler(async (req, res) => res.json({ runs: await service.listRuns(listQuery.parse(req.query).limit) }))
    )
    router.get(
        '/runs/:id',
        view,
        handler(async (req, res) => {
            const { run, reports } = await service.report(req.params.id)
            res.json({ run, reports: roundReportForPeople(reports) })
        })
    )
    router.post(
        '/runs/:id/resume',
        run,
        handler(async (req, res) => res.status(202).json({ run: (await service.resume(req.params.id)).run }))
    )
    router.get(
        '/compare',
        view,
        handler(async (req, res) => {
            const { baseline, candidate } = compareQuery.parse(req.query)
            res.json(roundReportForPeople(await service.compare(baseline, candidate)))
        })
    )
    router.get(
        '/leaderboard',
        view,
        handler(async (req, res) => {
            const { category } = leaderboardQuery.parse(req.query)
            res.json({ category: category ?? 'overall', rows: roundReportForPeople(leaderboard(await service.latestReports(), category)) })
        })
    )
    router.get('/schedules', view, (_req, res) => res.json({ schedules: scheduler?.nextRuns() ?? [], enabled: scheduler !== undefined }))
    return router
}
