import { lowerIsBetter, type RoutingStrategy } from './strategy'

/** Lowest expected latency first; models never observed and without a prior come last. */
export const latencyBased: RoutingStrategy = {
    name: 'latency-based',
    description: 'Lowest expected latency first (observed by the router, else the config prior).',
    score: (candidates) => lowerIsBetter(candidates.map((c) => c.latencyMs))
}
