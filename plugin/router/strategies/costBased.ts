import { lowerIsBetter, type RoutingStrategy } from './strategy'

/** Cheapest estimated cost first (LiteLLM's `cost-based-routing`, applied per request). */
export const costBased: RoutingStrategy = {
    name: 'cost-based',
    description: 'Cheapest estimated cost for this request first.',
    score: (candidates) => lowerIsBetter(candidates.map((c) => c.costUsd))
}
