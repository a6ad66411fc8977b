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
        const grade = await gradeOutput([{ type: 'soundex', value: 'x' }, { type: 'regex', pattern: '(' }, null], 'x', { prompt: 'p' })
        assert.equal(grade.pass, false)
        assert.equal(grade.score, 0)
        assert.match(grade.assertions[0].reason, /unknown type "soundex"/)
        assert.match(grade.assertions[1].reason, /invalid pattern/)
        assert.equal(grade.assertions[2].type, 'unknown')
    })

    it('leaves an output with no assertions ungraded (recorded, neither passed nor failed)', async () => {
        assert.deepEqual(await gradeOutput([], 'x', { prompt: 'p' }), { assertions: [] })
    })

    it('weights scores, leaves weight-0 results uncounted, labels metrics, and lets a case threshold decide', async () => {
        const assertions = [
            { type: 'contains', value: 'Paris', weight: 3, metric: 'accuracy' },
            { type: 'contains', value: 'Lyon' },
            { type: 'contains', value: 'Nice', weight: 0 }
        ]
        const grade = await gradeOutput(assertions, 'Paris', { prompt: 'p' })
        assert.equal(grade.score, 0.75)
        assert.equal(grade.pass, false)
        assert.equal(grade.assertions[0].metric, 'accuracy')
        assert.equal(grade.assertions[2].weight, 0)
        assert.equal((await gradeOutput(assertions, 'Paris', { prompt: 'p' }, { threshold: 0.7 })).pass, true)
        assert.equal((await gradeOutput(assertions, 'Paris', { prompt: 'p' }, { threshold: 0.8 })).pass, false)
    })

    it('applies the case transform, then the assertion transform, in the sandbox', async () => {
        const grade = await gradeOutput(
            [
                { type: 'equals', value: 'PARIS' },
                { type: 'equals', value: 'PAR', transform: 'output.slice(0, 3)' },
                { type: 'equals', value: 'x', transform: 'while (true) {}' }
            ],
            '  paris ',
            { prompt: 'p' },
            { transform: 'output.trim().toUpperCase()' }
        )
        assert.deepEqual(
            grade.assertions.map((a) => a.pass),
            [true, true, false]
        )
        assert.match(grade.assertions[2].reason, /the transform failed: timed out/)
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
