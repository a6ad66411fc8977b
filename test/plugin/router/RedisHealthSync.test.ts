import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { ModelHealth } from '../../../plugin/router/ModelHealth'
import { RedisHealthSync } from '../../../plugin/router/RedisHealthSync'
import { waitFor } from '../../support/waitFor'

const REDIS_URL = process.env.ORQUESTA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

describe('RedisHealthSync: circuits shared between replicas through a real Redis', () => {
    const syncs: RedisHealthSync[] = []
    after(async () => Promise.all(syncs.map((s) => s.stop())))

    it('a circuit one replica opens is open on the others, not echoed back, and each closes on its own evidence', async () => {
        const replicas = [new ModelHealth(), new ModelHealth(), new ModelHealth()]
        for (const health of replicas) syncs.push(await RedisHealthSync.start(REDIS_URL, health))
        const model = `model-${process.pid}-${Date.now()}`
        for (let i = 0; i < 3; i++) replicas[0].recordFailure(model, 'upstream')
        assert.equal(replicas[0].view(model).state, 'open')
        await waitFor(
            'the other replicas to open the circuit',
            () => replicas[1].view(model).state === 'open' && replicas[2].view(model).state === 'open',
            5_000
        )
        assert.equal(replicas[1].view(model).lastFailure, 'upstream')
        replicas[1].recordSuccess(model)
        assert.equal(replicas[1].view(model).state, 'closed')
        assert.equal(replicas[2].view(model).state, 'open')
    })

    it('names Redis without its password when it cannot be reached', async () => {
        await assert.rejects(RedisHealthSync.start('redis://user:secret@127.0.0.1:1', new ModelHealth()), (error: Error) => {
            assert.match(error.message, /Redis at redis:\/\/\*\*\*@127\.0\.0\.1:1 is unreachable/)
            assert.ok(!error.message.includes('secret'))
            return true
        })
    })
})
