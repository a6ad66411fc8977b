import type { CapabilityCatalog } from '../plugin/capabilities/CapabilityCatalog'
import { validateFlow } from '../plugin/flow/validateFlow'
import { optimizeFlow } from '../plugin/optimizer/optimizeFlow'
import { FLOW_SHAPES, type FlowShape } from '../test/support/flowShapes'
import { median } from './stats'

/** Median times (ms) to validate a flow of one shape and size, and to optimize it (validate, 7 passes, validate). */
export interface OptimizerTiming {
    readonly shape: FlowShape
    readonly size: number
    readonly validateMs: number
    readonly optimizeMs: number
    readonly changes: number
}

/** Median validation and optimization times of each shape ({@link FLOW_SHAPES}) at each size. */
export const timeOptimization = (catalog: CapabilityCatalog, sizes: readonly number[], runs = 5): OptimizerTiming[] => {
    const definitions = (name: string) => catalog.get(name)
    return (Object.keys(FLOW_SHAPES) as FlowShape[]).flatMap((shape) =>
        sizes.map((size) => {
            const flow = FLOW_SHAPES[shape](catalog, size)
            const validate: number[] = []
            const optimize: number[] = []
            let changes = 0
            for (let i = 0; i < runs; i++) {
                let started = performance.now()
                validateFlow(flow, definitions)
                validate.push(performance.now() - started)
                started = performance.now()
                changes = optimizeFlow(flow, { definitions }).report.changes.length
                optimize.push(performance.now() - started)
            }
            return { shape, size: flow.nodes.length, validateMs: median(validate), optimizeMs: median(optimize), changes }
        })
    )
}
