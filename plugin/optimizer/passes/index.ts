import type { OptimizerPass, PassName } from '../types'
import { addCache } from './addCache'
import { applyConstraints } from './applyConstraints'
import { mergeDuplicateNodes } from './mergeDuplicateNodes'
import { removeUnreachableNodes } from './removeUnreachableNodes'
import { reportParallelBranches } from './reportParallelBranches'
import { routeThroughRouter } from './routeThroughRouter'
import { setTimeouts } from './setTimeouts'

/** Every pass, in the order the optimizer runs them. */
export const PASSES: readonly OptimizerPass[] = [
    removeUnreachableNodes,
    mergeDuplicateNodes,
    routeThroughRouter,
    addCache,
    setTimeouts,
    applyConstraints,
    reportParallelBranches
]

export const passByName = (name: PassName): OptimizerPass => PASSES.find((p) => p.name === name)!
