import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidPluginConfigError } from '../../../plugin/config'
import { loadEvaluationConfig } from '../../../plugin/evaluation/evaluationConfig'

const DATA = '/var/lib/flowise/orquesta'

describe('loadEvaluationConfig', () => {
    it('defaults to the original plan: daily 02:00, weekly Sunday 03:00, new models every 6 hours, SQLite', () => {
        const config = loadEvaluationConfig({ ORQUESTA_EVAL_TIMEZONE: 'Europe/Madrid' }, DATA)
        assert.deepEqual(config.schedules, [
            { name: 'daily', cron: '0 2 * * *', timezone: 'Europe/Madrid' },
            { name: 'weekly', cron: '0 3 * * 0', timezone: 'Europe/Madrid' },
            { name: 'new-models', cron: '0 */6 * * *', timezone: 'Europe/Madrid' }
        ])
        assert.equal(config.schedulesEnabled, true)
        assert.deepEqual(config.database, { kind: 'sqlite', file: `${DATA}/evaluation.sqlite` })
        assert.equal(config.redisUrl, undefined)
        assert.deepEqual(config.primaryModels, [])
    })

    it("uses Flowise's own PostgreSQL settings, or an explicit URL", () => {
        const flowise = loadEvaluationConfig(
            {
                DATABASE_TYPE: 'postgres',
                DATABASE_HOST: 'db',
                DATABASE_PORT: '5433',
                DATABASE_USER: 'flow',
                DATABASE_PASSWORD: 'p@ss',
                DATABASE_NAME: 'flowise'
            },
            DATA
        )
        assert.deepEqual(flowise.database, { kind: 'postgres', url: 'postgres://flow:p%40ss@db:5433/flowise' })
        const explicit = loadEvaluationConfig({ ORQUESTA_DATABASE_URL: 'postgres://127.0.0.1/evals', DATABASE_TYPE: 'postgres' }, DATA)
        assert.deepEqual(explicit.database, { kind: 'postgres', url: 'postgres://127.0.0.1/evals' })
    })

    it("takes Redis from ORQUESTA_REDIS_URL or Flowise's queue settings", () => {
        assert.equal(loadEvaluationConfig({ REDIS_HOST: 'cache', REDIS_PORT: '6380' }, DATA).redisUrl, 'redis://cache:6380')
        assert.equal(loadEvaluationConfig({ ORQUESTA_REDIS_URL: 'redis://a:1', REDIS_URL: 'redis://b:2' }, DATA).redisUrl, 'redis://a:1')
    })

    for (const [env, message] of [
        [{ ORQUESTA_EVAL_DAILY_CRON: '0 25 * * *' }, /ORQUESTA_EVAL_DAILY_CRON is not a valid cron expression/],
        [{ ORQUESTA_EVAL_TIMEZONE: 'Mars/Olympus' }, /IANA time zone/],
        [{ ORQUESTA_EVAL_CONCURRENCY: '0' }, /ORQUESTA_EVAL_CONCURRENCY must be positive/],
        [{ ORQUESTA_EVAL_SUITE: 'relative/suite.yaml' }, /absolute path/],
        [{ ORQUESTA_DATABASE_URL: 'mysql://x' }, /postgres:\/\//],
        [{ ORQUESTA_ALERT_WEBHOOK_URL: 'nope' }, /absolute http\(s\) URL/],
        [{ ORQUESTA_EVAL_SCHEDULES: 'maybe' }, /on or off/]
    ] as const) {
        it(`refuses ${JSON.stringify(env)} with a message naming the variable`, () => {
            assert.throws(
                () => loadEvaluationConfig(env, DATA),
                (error: Error) => error instanceof InvalidPluginConfigError && message.test(error.message)
            )
        })
    }
})
