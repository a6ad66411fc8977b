import { parseFlowData, type FlowData } from '../flow/flowData'
import { validateFlow, type FlowIssue, type NodeDefinitions, type ValidationReport } from '../flow/validateFlow'
import type { LatencyLookup } from '../router/selectModel'
import { checkConstraints } from './checkConstraints'
import type { FlowEstimate } from './estimateFlow'
import { PASSES } from './passes'
import type { FlowChange, OptimizeConstraints, OptimizerContext, PassName } from './types'

/** Thrown when a flow cannot be optimized safely; lists the problems with where they are. */
export class FlowOptimizationError extends Error {
    constructor(
        message: string,
        readonly issues: readonly FlowIssue[]
    ) {
        super(`${message}:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`)
        this.name = 'FlowOptimizationError'
    }
}

export interface OptimizeOptions {
    readonly definitions: NodeDefinitions
    readonly constraints?: OptimizeConstraints
    /** Passes to skip. */
    readonly disable?: readonly PassName[]
    /** The LiteLLM proxy's models and URL, for the passes that route models through it. */
    readonly models?: OptimizerContext['models']
    readonly proxyUrl?: string
    /** Ids of the credentials that hold the server's proxy key. */
    readonly proxyCredentials?: ReadonlySet<string>
    /** Expected latency (ms) of a proxy model, for checking a latency limit; default: its configured prior. */
    readonly latencyOf?: LatencyLookup
    /** Estimates a flow's cost and latency per request (before and after go in the report). */
    readonly estimate?: (flow: FlowData) => FlowEstimate
}

export interface OptimizationReport {
    readonly changes: readonly FlowChange[]
    readonly findings: readonly FlowChange[]
    readonly passes: readonly PassName[]
    readonly validation: { readonly before: ValidationReport; readonly after: ValidationReport }
    readonly estimate?: { readonly before: FlowEstimate; readonly after: FlowEstimate }
}

export interface OptimizationResult {
    /** The optimized flow, as the JSON string Flowise stores in `flowData`. */
    readonly flowData: string
    readonly flow: FlowData
    readonly report: OptimizationReport
}

/**
 * Runs the enabled passes over a flow and validates the result. The input is never modified. A
 * flow Flowise cannot run is refused with its errors (optimizing it could hide them); problems
 * Flowise runs through are warnings and stay in the report. Limits no model can meet are refused
 * ({@link ImpossibleConstraintsError}). A result with an error is never returned.
 */
export const optimizeFlow = (input: unknown, options: OptimizeOptions): OptimizationResult => {
    const original = parseFlowData(input)
    const before = validateFlow(original, options.definitions)
    if (!before.valid)
        throw new FlowOptimizationError(
            'Flowise cannot run this flow; fix it before optimizing',
            before.issues.filter((i) => i.severity === 'error')
        )
    const context: OptimizerContext = {
        definitions: options.definitions,
        constraints: options.constraints ?? {},
        models: options.models,
        proxyUrl: options.proxyUrl,
        proxyCredentials: options.proxyCredentials
    }
    if (options.models) checkConstraints(original, context.constraints, options.models, options.latencyOf ?? ((m) => m.priorLatencyMs))
    const enabled = PASSES.filter((p) => !options.disable?.includes(p.name))
    // Passes are pure (the conformance suite checks that none modifies its input): no copy needed.
    let flow = original
    const changes: FlowChange[] = []
    const findings: FlowChange[] = []
    for (const pass of enabled) {
        const result = pass.run(flow, context)
        flow = result.flow
        changes.push(...result.changes)
        findings.push(...result.findings)
    }
    const after = validateFlow(flow, options.definitions)
    if (!after.valid)
        throw new FlowOptimizationError(
            'The optimized flow did not validate, so it is not returned (please report this)',
            after.issues.filter((i) => i.severity === 'error')
        )
    const estimate = options.estimate && { before: options.estimate(original), after: options.estimate(flow) }
    return {
        flowData: JSON.stringify(flow),
        flow,
        report: { changes, findings, passes: enabled.map((p) => p.name), validation: { before, after }, estimate }
    }
}
