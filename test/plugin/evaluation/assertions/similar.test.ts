import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { graderFor } from '../../../../plugin/evaluation/graderFor'
import { ProxyEndpoint } from '../../../../plugin/litellm/ProxyEndpoint'
import type { EvaluationCase, EvaluationSuite } from '../../../../plugin/evaluation/types'
import { StandInProvider } from '../../../support/standInProvider'

const provider = new StandInProvider()
before(() => provider.start())
after(() => provider.stop())

const testCase = (assertions: unknown[]): EvaluationCase => ({
    id: 'c1',
    category: 'uncategorised',
    messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }],
    repeats: 1,
    assertions
})
const suite = (embeddingModel?: string): EvaluationSuite => ({ name: 's', hash: 'h', cases: [], embeddingModel })

describe('similar, latency and cost through the grader', () => {
    it("embeds the output and the expected text with the suite's embedding model through the OpenAI-compatible endpoint", async () => {
        const endpoint = new ProxyEndpoint(provider.baseUrl.replace(/\/v1$/, ''), '')
        const grade = graderFor(endpoint, suite('embedder'), 5_000)
        const spec = [{ type: 'similar', value: 'The Eiffel Tower is in Paris', threshold: 0.7 }]
        const close = await grade(testCase(spec), 'the eiffel tower is in paris france')
        const far = await grade(testCase(spec), 'bananas grow on trees')
        assert.equal(close.pass, true, close.assertions[0].reason)
        assert.equal(far.pass, false, far.assertions[0].reason)
        assert.ok(close.score! > far.score!)
        assert.match(close.assertions[0].reason, /cosine similarity 0\.\d+ to "The Eiffel Tower is in Paris" \(threshold 0\.7\)/)
        assert.equal(provider.requestsFor('embedder').length, 2, 'one embedding call per graded output')
    })

    it('fails similar without an embedding model, and grades latency and cost from the call', async () => {
        const grade = graderFor(new ProxyEndpoint(provider.baseUrl.replace(/\/v1$/, ''), ''), suite(), 5_000)
        const result = await grade(
            testCase([
                { type: 'similar', value: 'x' },
                { type: 'latency', threshold: 500 },
                { type: 'cost', threshold: 0.001 }
            ]),
            'x',
            { latencyMs: 320, costUsd: 0.002 }
        )
        assert.deepEqual(
            result.assertions.map((a) => [a.pass, a.reason]),
            [
                [false, "no embedding model: set the suite's `embeddingModel` (or ORQUESTA_EVAL_EMBEDDING_MODEL on the server)"],
                [true, 'the call took 320 ms (threshold 500 ms)'],
                [false, 'the call cost 0.002 USD (threshold 0.001 USD)']
            ]
        )
    })
})
