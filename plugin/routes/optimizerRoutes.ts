import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import { z } from 'zod'
import { constraintsSchema } from '../constraints/optimizeConstraints'
import { InvalidFlowDataError, MAX_FLOW_BYTES, parseFlowData } from '../flow/flowData'
import { validateFlow } from '../flow/validateFlow'
import { roundReportForPeople } from '../format/roundForPeople'
import { depthOver, MAX_NESTING_DEPTH } from '../limits/nesting'
import { ImpossibleConstraintsError } from '../optimizer/checkConstraints'
import { FlowOptimizationError } from '../optimizer/optimizeFlow'
import { optimizeAndSave } from '../optimizer/optimizeAndSave'
import { PASS_NAMES } from '../optimizer/types'
import type { HostServices } from '../runtime'

/** A chatflow as the host stores it. */
export interface StoredChatflow {
    readonly id: string
    readonly name: string
    readonly flowData: string
    /** CHATFLOW, MULTIAGENT, AGENTFLOW, ASSISTANT… */
    readonly type?: string
    /**
     * Everything else that is not the graph and not the record's identity: category, isPublic,
     * deployed, chatbotConfig, apiConfig, speechToText, followUpPrompts… (a copy keeps them all).
     */
    readonly settings: Readonly<Record<string, unknown>>
}

/** A chatflow to create. */
export interface NewChatflow {
    readonly name: string
    readonly flowData: string
    readonly type: string
    readonly settings: Readonly<Record<string, unknown>>
}

/** Whose chatflows: the organization and workspace of a request's user, or of a running chatflow. */
export interface ChatflowScope {
    readonly orgId?: string
    readonly workspaceId?: string
    readonly subscriptionId?: string
}

/** The host's chatflows, seen within one scope. */
export interface ChatflowStore {
    /** The scope of an authenticated request. */
    scopeOf(req: Request): ChatflowScope
    get(scope: ChatflowScope, id: string): Promise<StoredChatflow>
    /** Saves a new chatflow and returns its id. */
    create(scope: ChatflowScope, chatflow: NewChatflow): Promise<string>
    /** Deletes a chatflow (and its messages). */
    remove(scope: ChatflowScope, id: string): Promise<void>
    /** Asks a stored chatflow one question inside the host, as Flowise's internal callers do; throws what the flow throws. */
    predict(id: string, question: string): Promise<{ text: string }>
    /** Of the credentials `ids` in the scope's workspace, those whose data holds `key` (nothing else about them leaves the host). */
    credentialsHolding(scope: ChatflowScope, ids: readonly string[], key: string | undefined): Promise<ReadonlySet<string>>
    /** The scope's credentials, by id and credential type name (nothing of their data). */
    credentials(scope: ChatflowScope): Promise<readonly { readonly id: string; readonly credentialName: string }[]>
}

const source = {
    flowData: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    chatflowId: z.string().min(1).max(100).optional()
}
const oneSource = (body: { flowData?: unknown; chatflowId?: string }) => (body.flowData === undefined) !== (body.chatflowId === undefined)
const ONE_SOURCE = 'give exactly one of flowData and chatflowId'

const validateBody = z.object(source).refine(oneSource, ONE_SOURCE)
const optimizeBody = z
    .object({
        ...source,
        constraints: constraintsSchema.optional(),
        disable: z.array(z.enum(PASS_NAMES)).optional(),
        // Verification calls the flows' real models: it runs only when asked, within a budget the user sets.
        verify: z
            .object({
                questions: z.array(z.string().min(1).max(2_000)).max(10).optional(),
                maxQuestions: z.number().int().min(1).max(10).optional(),
                budgetUsd: z.number().positive().max(10, 'at most $10 per verification')
            })
            .strict()
            .optional(),
        /** `force`: save even when verification found a regression. */
        save: z.union([z.boolean(), z.literal('force')]).optional(),
        name: z.string().min(1).max(200).optional()
    })
    .strict()
    .refine(oneSource, ONE_SOURCE)

const badRequest = (res: Response, message: string) => res.status(400).json({ error: message })

const flowInput = async (store: ChatflowStore, req: Request, body: { flowData?: unknown; chatflowId?: string }) => {
    if (body.chatflowId) return (await store.get(store.scopeOf(req), body.chatflowId)).flowData as unknown
    const flowData = body.flowData
    if (typeof flowData === 'object' && depthOver(flowData) !== undefined) {
        throw new InvalidFlowDataError(`nested more than ${MAX_NESTING_DEPTH} levels deep`)
    }
    if (typeof flowData === 'object' && JSON.stringify(flowData).length > MAX_FLOW_BYTES) {
        throw new InvalidFlowDataError(`over the ${MAX_FLOW_BYTES}-byte limit`)
    }
    return flowData
}

/** Maps the optimizer's errors to HTTP answers that say what is wrong; anything else goes to the host. */
const answerError = (res: Response, next: NextFunction, error: unknown) => {
    if (error instanceof InvalidFlowDataError) return badRequest(res, error.message)
    if (error instanceof FlowOptimizationError) return res.status(422).json({ error: error.message, issues: error.issues })
    if (error instanceof ImpossibleConstraintsError) return res.status(error.status).json({ error: error.message, models: error.models })
    const status = (error as { statusCode?: number }).statusCode
    if (status && status < 500) return res.status(status).json({ error: (error as Error).message })
    return next(error)
}

/**
 * `POST /validate` ({flowData} or {chatflowId}) and `POST /optimize` (the same, plus
 * constraints, passes to disable, and `save` to store the result as a new chatflow).
 */
export const optimizerRoutes = (options: HostServices & { requirePermission: (permission: string) => RequestHandler }): Router => {
    const router = Router()
    const withBody =
        <T>(schema: z.ZodType<T>, handle: (req: Request, res: Response, body: T) => Promise<unknown>): RequestHandler =>
        async (req, res, next) => {
            const parsed = schema.safeParse(req.body)
            if (!parsed.success)
                return badRequest(res, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
            try {
                await handle(req, res, parsed.data)
            } catch (error) {
                answerError(res, next, error)
            }
        }

    router.post(
        '/validate',
        withBody(validateBody, async (req, res, body) => {
            const catalog = await options.catalog()
            const flowData = await flowInput(options.chatflows, req, body)
            res.json(validateFlow(parseFlowData(flowData), (name) => catalog.get(name)))
        })
    )

    // Saving, and verifying (which stores the two flows for a moment), create chatflows.
    const saving: RequestHandler = (req, res, next) =>
        req.body?.save === true || req.body?.save === 'force' || req.body?.verify
            ? options.requirePermission('chatflows:create')(req, res, next)
            : next()
    router.post(
        '/optimize',
        saving,
        withBody(optimizeBody, async (req, res, body) => {
            const scope = options.chatflows.scopeOf(req)
            const original = body.chatflowId ? await options.chatflows.get(scope, body.chatflowId) : undefined
            const flowData = original ? original.flowData : await flowInput(options.chatflows, req, body)
            const { result, verification, savedChatflowId, notSaved } = await optimizeAndSave(options, scope, {
                original,
                flowData,
                constraints: body.constraints,
                disable: body.disable,
                origin: { source: 'rest', chatflowId: body.chatflowId },
                verify: body.verify,
                save: body.save,
                name: body.name
            })
            res.json({
                flowData: result.flowData,
                report: { ...result.report, estimate: roundReportForPeople(result.report.estimate) },
                verification: roundReportForPeople(verification),
                savedChatflowId,
                notSaved
            })
        })
    )
    return router
}
