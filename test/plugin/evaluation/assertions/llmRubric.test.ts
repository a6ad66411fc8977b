import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Judge } from '../../../../plugin/evaluation/types'
import { evaluate } from './evaluate'

const rubric = { type: 'llm-rubric', rubric: 'Names the capital of France.' }

describe('llm-rubric', () => {
    it("takes the judge's verdict, having sent it the rubric, the output and the prompt", async () => {
        const requests: unknown[] = []
        // The judge is an external model; this function stands in for it.
        const judge: Judge = async (request) => {
            requests.push(request)
            return { pass: true, score: 0.8, reason: 'Mentions Paris.' }
        }
        const result = await evaluate(rubric, 'Paris', { prompt: 'What is the capital of France?', judge })
        assert.deepEqual(result, { type: 'llm-rubric', pass: true, score: 0.8, reason: 'judge: Mentions Paris.' })
        assert.deepEqual(requests, [{ rubric: 'Names the capital of France.', output: 'Paris', prompt: 'What is the capital of France?' }])
    })

    it('fails without a judge and says the suite needs one', async () => {
        const result = await evaluate(rubric, 'Paris')
        assert.equal(result.pass, false)
        assert.equal(result.score, 0)
        assert.match(result.reason, /needs the suite's `judge: \{model, temperature\}`/)
    })

    it('fails when the judge fails or answers out of range', async () => {
        const failing: Judge = async () => {
            throw new Error('429 rate limited')
        }
        assert.match((await evaluate(rubric, 'Paris', { prompt: 'p', judge: failing })).reason, /the judge failed: 429 rate limited/)
        const outOfRange: Judge = async () => ({ pass: true, score: 7, reason: 'great' })
        const result = await evaluate(rubric, 'Paris', { prompt: 'p', judge: outOfRange })
        assert.equal(result.pass, false)
        assert.match(result.reason, /malformed/)
    })
})
