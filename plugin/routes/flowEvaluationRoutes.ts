import { Router, type Request, type RequestHandler } from 'express'
import { z } from 'zod'
import { EvaluationRequestError, type EvaluationService } from '../evaluation/EvaluationService'
import { csvSuiteDocument } from '../evaluation/flows/csvSuite'
import { parseSuiteOffThread } from '../evaluation/suite/suiteParserThread'
import { roundReportForPeople } from '../format/roundForPeople'
import { answerStarted, handler, MAX_WAIT_MS, parseRequestSuite } from './evaluationRoutes'
import type { ChatflowStore } from './optimizerRoutes'

/** Most flows one run evaluates side by side. */
export const MAX_FLOWS_PER_RUN = 10

const chatflowId = z.string().min(1).max(100)

const startBody = z
    .object({
        /** Chatflow or agentflow ids of the user's workspace. */
        flows: z.array(chatflowId).min(1).max(MAX_FLOWS_PER_RUN),
        /** A suite (YAML or JSON text, or an object); the configured suite when neither it nor `csv` is given. */
        suite: z.union([z.string().max(2_000_000), z.record(z.string(), z.unknown())]).optional(),
        /** A CSV dataset (columns `question`, `expected`, optional `category`, `id`). */
        csv: z.string().max(2_000_000).optional(),
        waitMs: z.number().int().min(0).max(MAX_WAIT_MS).optional()
    })
    .strict()
    .refine((b) => b.suite === undefined || b.csv === undefined, { message: 'give either `suite` or `csv`, not both', path: ['csv'] })

const compareQuery = z.object({ run: z.string().min(1).max(100), baseline: chatflowId, candidate: chatflowId })

export interface FlowEvaluationRoutesOptions {
    readonly service: EvaluationService
    readonly chatflows: ChatflowStore
    readonly requirePermission: (permission: string) => RequestHandler
}

/**
 * `/evaluations/flows`: run a suite or a CSV dataset through flows inside the host (their runs are
 * evaluation runs like any other: listed, reported, resumed and compared run to run by the
 * `/evaluations` routes), and compare two flows of one run. Starting needs `chatflows:update`
 * and access to every flow named (the prediction spends the flow's provider credits).
 */
export const flowEvaluationRoutes = ({ service, chatflows, requirePermission }: FlowEvaluationRoutesOptions): Router => {
    const router = Router()
    const ensureAccess = async (req: Request, ids: readonly string[]) => {
        const scope = chatflows.scopeOf(req)
        for (const id of ids) {
            // Flowise's own lookup, in the user's workspace: a flow of another workspace is not found.
            await chatflows.get(scope, id).catch(() => {
                throw new EvaluationRequestError(`No chatflow ${id} in your workspace`, 404)
            })
        }
    }
    router.post(
        '/runs',
        requirePermission('chatflows:update'),
        handler(async (req, res) => {
            const body = startBody.parse(req.body ?? {})
            await ensureAccess(req, body.flows)
            const suite =
                body.csv !== undefined
                    ? await parseSuiteOffThread(JSON.stringify(csvSuiteDocument(body.csv, 'csv-dataset')), 'csv-dataset')
                    : body.suite === undefined
                      ? undefined
                      : await parseRequestSuite(body.suite)
            await answerStarted(
                res,
                await service.start({ flows: body.flows, suite, trigger: 'flow-manual' }),
                body.waitMs,
                suite?.warnings
            )
        })
    )
    router.get(
        '/compare',
        requirePermission('chatflows:view'),
        handler(async (req, res) => {
            const { run, baseline, candidate } = compareQuery.parse(req.query)
            await ensureAccess(req, [baseline, candidate])
            res.json(roundReportForPeople(await service.compareFlows(run, baseline, candidate)))
        })
    )
    return router
}
