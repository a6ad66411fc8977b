import { z } from 'zod'
import { binary, type AssertionDefinition } from './types'

const latencySchema = z
    .object({
        type: z.literal('latency'),
        /** Longest wall time of the call that passes (ms). */
        threshold: z.number({ required_error: 'latency needs `threshold`: the longest call that passes, in ms' }).positive()
    })
    .strict()

export type LatencySpec = z.infer<typeof latencySchema>

/** The call that produced the output took at most `threshold` ms (measured uncached, so the figure is real). */
export const latency: AssertionDefinition<LatencySpec> = {
    type: 'latency',
    summary: 'the call took at most `threshold` ms',
    schema: latencySchema,
    async evaluate(spec, _output, context) {
        const ms = context.call?.latencyMs
        if (ms === undefined) return binary('latency', false, 'the call was not timed, so the latency cannot be graded')
        return binary('latency', ms <= spec.threshold, `the call took ${Math.round(ms)} ms (threshold ${spec.threshold} ms)`)
    }
}
