import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contextForCase, gradeOutput } from '../../../../plugin/evaluation/assertions/gradeOutput'

describe('gradeOutput', () => {
    it('passes when every assertion passes; the score is the mean', async () => {
        const grade = await gradeOutput(
            [
                { type: 'contains', value: 'paris' },
                { type: 'equals', value: 'Paris' },
                { type: 'javascript', code: '0.5', threshold: 0.5 }
            ],
            'Paris',
            { prompt: 'p' }
        )
        assert.equal(grade.pass, true)
        assert.equal(grade.score, (1 + 1 + 0.5) / 3)
        assert.deepEqual(
            grade.assertions.map((a) => a.type),
            ['contains', 'equals', 'javascript']
        )
    })

    it('fails when one fails, and keeps every result', async () => {
        const grade = await gradeOutput(
            [
                { type: 'numeric', value: 5 },
                { type: 'regex', pattern: '^\\d+$' }
            ],
            '5 cents',
            { prompt: 'p' }
        )
        assert.equal(grade.pass, false)
        assert.equal(grade.score, 0.5)
        assert.equal(grade.assertions.length, 2)
    })

    it('turns an invalid or unknown assertion into a failing result instead of throwing', async () => {
        const grade = await gradeOutput([{ type: 'similar', value: 'x' }, { type: 'regex', pattern: '(' }, null], 'x', { prompt: 'p' })
        assert.equal(grade.pass, false)
        assert.equal(grade.score, 0)
        assert.match(grade.assertions[0].reason, /unknown type "similar"/)
        assert.match(grade.assertions[1].reason, /invalid pattern/)
        assert.equal(grade.assertions[2].type, 'unknown')
    })

    it('does not pass an output with no assertions', async () => {
        assert.deepEqual(await gradeOutput([], 'x', { prompt: 'p' }), { assertions: [], pass: false, score: 0 })
    })

    it("builds a case's context from its user messages and vars", () => {
        const context = contextForCase({
            id: 'c',
            category: 'reasoning',
            repeats: 1,
            assertions: [],
            vars: { a: 1 },
            messages: [
                { role: 'system', content: 'Be brief.' },
                { role: 'user', content: 'First?' },
                { role: 'assistant', content: 'Yes.' },
                { role: 'user', content: 'Second?' }
            ]
        })
        assert.deepEqual(context, { prompt: 'First?\n\nSecond?', vars: { a: 1 }, judge: undefined })
    })
})
