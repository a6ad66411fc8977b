import type { CapabilityCatalog } from '../../plugin/capabilities/CapabilityCatalog'
import { flowEstimator } from '../../plugin/optimizer/estimateFlow'
import type { OrchestrateDeps, OrchestrateRequest } from '../../plugin/orchestrator/orchestrate'
import type { Planner } from '../../plugin/orchestrator/planners/types'
import { profile } from './profiles'

/** Proxy models as the test stack configures them (see DEFAULT_TEST_MODELS), as profiles. */
export const TEST_PROFILES = [
    profile('budget', {
        inputCostPerToken: 1e-7,
        outputCostPerToken: 2e-7,
        supportsTools: true,
        supportsJson: true,
        priorLatencyMs: 300,
        quality: { general: 0.6 }
    }),
    profile('standard', {
        inputCostPerToken: 1e-6,
        outputCostPerToken: 2e-6,
        supportsTools: true,
        supportsVision: true,
        supportsJson: true,
        priorLatencyMs: 600,
        quality: { general: 0.8 }
    }),
    profile('premium', {
        inputCostPerToken: 1e-5,
        outputCostPerToken: 3e-5,
        supportsTools: true,
        supportsVision: true,
        supportsJson: true,
        priorLatencyMs: 1200,
        quality: { general: 0.95 }
    })
]

/** The orchestrator's dependencies over the real catalog and the profiles above, with the given planners before the rules. */
export const orchestratorDeps = (catalog: CapabilityCatalog, planners: readonly Planner[] = []): OrchestrateDeps => ({
    catalog,
    planners,
    profiles: TEST_PROFILES,
    latencyOf: (m) => m.priorLatencyMs,
    credentials: new Map(),
    estimate: flowEstimator(catalog, { profiles: TEST_PROFILES, observedLatencyMs: () => undefined })
})

/** A request with the defaults the route fills in. */
export const orchestrateRequest = (query: string, overrides: Partial<OrchestrateRequest> = {}): OrchestrateRequest => ({
    query,
    type: 'auto',
    material: {},
    ...overrides,
    constraints: { securityLevel: 'internal', ...overrides.constraints }
})
