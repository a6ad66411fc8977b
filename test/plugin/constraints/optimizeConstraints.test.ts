import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import {
    agentConstraintsShape,
    constraintsSchema,
    nodeConstraintsSchema,
    tightenConstraints
} from '../../../plugin/constraints/optimizeConstraints'

describe('Flow Optimizer constraints', () => {
    it("an agent's limits tighten the node author's, never loosen them", () => {
        const author = { maxCostUsd: 0.01, maxLatencyMs: 2_000, minQuality: 0.7, preferredModels: ['a', 'b'], redisCredentialId: 'cred' }
        assert.deepEqual(
            tightenConstraints(author, { maxCostUsd: 5, maxLatencyMs: 60_000, minQuality: 0.1, preferredModels: ['b', 'z'] }),
            author && {
                ...author,
                preferredModels: ['b']
            }
        )
        assert.deepEqual(tightenConstraints(author, { maxCostUsd: 0.001, maxLatencyMs: 500, minQuality: 0.9 }), {
            ...author,
            maxCostUsd: 0.001,
            maxLatencyMs: 500,
            minQuality: 0.9
        })
        assert.throws(() => tightenConstraints(author, { preferredModels: ['z'] }), /outside this node's \(a, b\)/)
        // Where the author set nothing, the agent's value applies.
        assert.deepEqual(tightenConstraints({}, { maxCostUsd: 1 }), { maxCostUsd: 1 })
    })

    it('is one schema: the same value is refused with the same message by the REST body, the node inputs and the tool input', () => {
        const tool = z.object(agentConstraintsShape)
        for (const [key, value, message] of [
            ['maxCostUsd', -1, 'maxCostUsd must be a positive amount in USD'],
            ['maxLatencyMs', 1.5, 'maxLatencyMs must be a whole number of ms'],
            ['minQuality', 2, 'minQuality must be between 0 and 1'],
            ['maxCostUsd', 1_000, 'maxCostUsd is at most 100 USD per request']
        ] as const) {
            for (const schema of [constraintsSchema, nodeConstraintsSchema, tool]) {
                const parsed = schema.safeParse({ [key]: value })
                assert.equal(parsed.success, false, `${key} = ${value}`)
                assert.equal(parsed.error?.issues[0].message, message)
            }
        }
        const fromNode = nodeConstraintsSchema.parse({ maxCostUsd: '0.5', maxLatencyMs: '', preferredModels: 'a, b' })
        assert.deepEqual(JSON.parse(JSON.stringify(fromNode)), { maxCostUsd: 0.5, preferredModels: ['a', 'b'] })
        assert.equal(constraintsSchema.safeParse({ maxTokens: 5 }).success, false, 'unknown keys are refused')
    })
})
