import { parseFlowData } from '../flow/flowData'
import { flowTypeOf } from '../flow/flowType'
import type { ChatflowScope, NewChatflow, StoredChatflow } from '../routes/optimizerRoutes'
import type { HostServices } from '../runtime'
import { optimizeInHost, type OptimizerRunOrigin } from './optimizeInHost'
import type { OptimizationResult } from './optimizeFlow'
import type { OptimizeConstraints, PassName } from './types'
import { verifyInHost, type VerifyRequest } from './verify/verifyInHost'
import type { VerificationReport } from './verify/verifyOptimization'

/** The optimized copy of a chatflow: its graph replaced, every other setting and its type kept. */
export const optimizedCopy = (original: StoredChatflow | undefined, name: string | undefined, flowData: string): NewChatflow => ({
    name: name ?? `${original?.name ?? 'chatflow'} (optimized)`,
    flowData,
    type: original?.type ?? flowTypeOf(parseFlowData(flowData)),
    settings: original?.settings ?? {}
})

export interface OptimizeAndSaveRequest {
    /** The stored chatflow, when optimizing one by id (its settings and type go to the copy). */
    readonly original?: StoredChatflow
    /** Its flowData, or the flowData given. */
    readonly flowData: unknown
    readonly constraints?: OptimizeConstraints
    readonly disable?: readonly PassName[]
    readonly origin: OptimizerRunOrigin
    readonly verify?: VerifyRequest
    /** `force`: save even when the verification found a regression. */
    readonly save?: boolean | 'force'
    readonly name?: string
}

export interface OptimizeAndSaveResult {
    readonly result: OptimizationResult
    readonly verification?: VerificationReport
    readonly savedChatflowId?: string
    /** Why the copy was not saved although asked. */
    readonly notSaved?: string
}

/**
 * Optimizes a flow, verifies the copy side by side with the original inside Flowise when asked,
 * and saves it when asked, unless the verification found a regression and saving was not forced.
 * The REST route and the Flow Optimizer tool both go through here.
 */
export const optimizeAndSave = async (
    services: HostServices,
    scope: ChatflowScope,
    request: OptimizeAndSaveRequest
): Promise<OptimizeAndSaveResult> => {
    const result = await optimizeInHost(services, request.flowData, {
        constraints: request.constraints,
        disable: request.disable,
        origin: request.origin,
        scope
    })
    const copy = optimizedCopy(request.original, request.name, result.flowData)
    const verification =
        request.verify &&
        (await verifyInHost(
            services,
            scope,
            {
                original: typeof request.flowData === 'string' ? request.flowData : JSON.stringify(request.flowData),
                optimized: result.flowData,
                type: copy.type,
                chatbotConfig: request.original?.settings.chatbotConfig
            },
            result.report.estimate,
            request.verify
        ))
    if (!request.save) return { result, verification }
    if (verification?.regression && request.save !== 'force')
        return {
            result,
            verification,
            notSaved: `Not saved: the verification found a regression (${verification.reasons.join('; ')}). Send save: "force" to save it anyway.`
        }
    return { result, verification, savedChatflowId: await services.chatflows.create(scope, copy) }
}
