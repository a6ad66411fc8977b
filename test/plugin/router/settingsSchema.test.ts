import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidRouterSettingsError, parseRouterSettings } from '../../../plugin/router/settingsSchema'

describe('parseRouterSettings (the router node inputs)', () => {
    it('accepts the shapes Flowise sends: JSON lists, numeric strings, boolean strings, blanks', () => {
        const settings = parseRouterSettings({
            candidateModels: '["a","b"]',
            preferredModels: 'b, a',
            requiredCapabilities: ['tools'],
            maxCostPerRequest: '0.002',
            maxLatencyMs: 3000,
            minQuality: '',
            streaming: 'false',
            tags: 'team-a,support'
        })
        assert.deepEqual(settings.candidateModels, ['a', 'b'])
        assert.deepEqual(settings.preferredModels, ['b', 'a'])
        assert.equal(settings.maxCostPerRequest, 0.002)
        assert.equal(settings.maxLatencyMs, 3000)
        assert.equal(settings.minQuality, undefined)
        assert.equal(settings.streaming, false)
        assert.deepEqual(settings.tags, ['team-a', 'support'])
    })

    it('fills documented defaults', () => {
        const settings = parseRouterSettings({ candidateModels: ['a'] })
        assert.equal(settings.strategy, 'balanced')
        assert.equal(settings.taskCategory, 'general')
        assert.equal(settings.streaming, true)
        assert.equal(settings.maxAttempts, 3)
        assert.equal(settings.attemptTimeoutMs, 30_000)
        assert.equal(settings.totalTimeoutMs, 60_000)
        assert.equal(settings.defaultOutputTokens, 256)
    })

    for (const [field, value, message] of [
        ['candidateModels', '[]', /candidateModels: select at least one candidate model/],
        ['maxCostPerRequest', -1, /maxCostPerRequest: must be a positive amount in USD/],
        ['maxCostPerRequest', 5000, /maxCostPerRequest: over \$100 per request is not a limit/],
        ['maxLatencyMs', 0, /maxLatencyMs: must be a positive number of ms/],
        ['minQuality', 1.5, /minQuality: must be between 0 and 1/],
        ['strategy', 'random', /strategy: Invalid enum value/],
        ['requiredCapabilities', '["telepathy"]', /requiredCapabilities\.0/],
        ['maxAttempts', 'many', /maxAttempts/]
    ] as const) {
        it(`rejects ${field} = ${JSON.stringify(value)} and names the field`, () => {
            assert.throws(
                () => parseRouterSettings({ candidateModels: ['a'], [field]: value }),
                (error: unknown) => error instanceof InvalidRouterSettingsError && message.test(error.message)
            )
        })
    }
})
