import type { RoutingStrategy } from './strategy'

/** Highest quality for the task category first; unknown quality scores 0. */
export const qualityFirst: RoutingStrategy = {
    name: 'quality-first',
    description: 'Highest quality for the task category first.',
    score: (candidates) => candidates.map((c) => clamp01(c.quality ?? 0))
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x)
