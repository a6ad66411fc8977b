import type { StrategyName } from '../types'
import { balanced } from './balanced'
import { costBased } from './costBased'
import { latencyBased } from './latencyBased'
import { qualityFirst } from './qualityFirst'
import type { RoutingStrategy } from './strategy'

export type { RoutingStrategy } from './strategy'

/** Every routing strategy, by name. */
export const STRATEGIES: Readonly<Record<StrategyName, RoutingStrategy>> = {
    balanced,
    'cost-based': costBased,
    'latency-based': latencyBased,
    'quality-first': qualityFirst
}
