import type { OptimizerPass, PassName } from '../types'
import { addCache } from './addCache'
import { mergeDuplicateNodes } from './mergeDuplicateNodes'
import { removeUnreachableNodes } from './removeUnreachableNodes'

/** Every pass, in the order the optimizer runs them. */
export const PASSES: readonly OptimizerPass[] = [removeUnreachableNodes, mergeDuplicateNodes, addCache]

export const passByName = (name: PassName): OptimizerPass => PASSES.find((p) => p.name === name)!
