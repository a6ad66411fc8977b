import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DecisionLedger } from '../../../plugin/router/DecisionLedger'
import type { DecisionSummary } from '../../../plugin/router/decisionSummary'

const summary = (model: string) => ({ model }) as DecisionSummary

describe('DecisionLedger', () => {
    it('hands a chat its decisions made since a time, once', () => {
        let now = 1_000
        const ledger = new DecisionLedger({ maxChats: 10, maxPerChat: 10, ttlMs: 60_000 }, () => now)
        ledger.add('chat', { summary: summary('old') })
        now = 2_000
        ledger.add('chat', { nodeId: 'n', summary: summary('a') })
        ledger.add('other', { summary: summary('b') })
        assert.deepEqual(
            ledger.take('chat', 2_000).map((e) => [e.nodeId, e.summary.model]),
            [['n', 'a']]
        )
        assert.deepEqual(ledger.take('chat', 2_000), [])
        assert.deepEqual(
            ledger.take('other', 0).map((e) => e.summary.model),
            ['b']
        )
    })

    it('stays bounded in chats, decisions per chat and age', () => {
        let now = 0
        const ledger = new DecisionLedger({ maxChats: 3, maxPerChat: 2, ttlMs: 1_000 }, () => now)
        for (let i = 0; i < 10; i++) ledger.add(`chat-${i}`, { summary: summary(`m${i}`) })
        assert.equal(ledger.size, 3)
        assert.deepEqual(ledger.take('chat-0', 0), [])
        for (let i = 0; i < 5; i++) ledger.add('busy', { summary: summary(`m${i}`) })
        assert.deepEqual(
            ledger.take('busy', 0).map((e) => e.summary.model),
            ['m3', 'm4']
        )
        ledger.add('late', { summary: summary('x') })
        now = 1_000
        assert.deepEqual(ledger.take('late', 0), [])
    })
})
