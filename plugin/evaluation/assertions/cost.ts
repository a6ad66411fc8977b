import { z } from 'zod'
import { binary, type AssertionDefinition } from './types'

const costSchema = z
    .object({
        type: z.literal('cost'),
        /** Highest cost of the call that passes (USD). */
        threshold: z.number({ required_error: 'cost needs `threshold`: the highest cost that passes, in USD' }).min(0)
    })
    .strict()

export type CostSpec = z.infer<typeof costSchema>

/** The call cost at most `threshold` USD (usage × the proxy's prices); unknown prices fail with the reason. */
export const cost: AssertionDefinition<CostSpec> = {
    type: 'cost',
    summary: 'the call cost at most `threshold` USD',
    schema: costSchema,
    async evaluate(spec, _output, context) {
        const usd = context.call?.costUsd
        if (usd === undefined) return binary('cost', false, "the call's cost is unknown (no usage or no prices for the model)")
        return binary('cost', usd <= spec.threshold, `the call cost ${usd} USD (threshold ${spec.threshold} USD)`)
    }
}
