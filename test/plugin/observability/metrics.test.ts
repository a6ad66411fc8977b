import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DURATION_BUCKETS_S, OrquestaMetrics, TOKEN_BUCKETS } from '../../../plugin/observability/metrics'

const ok = {
    strategy: 'cost-based',
    model: 'budget',
    provider: 'openai',
    outcome: 'ok' as const,
    durationMs: 1500,
    timeToFirstTokenMs: 200,
    inputTokens: 120,
    outputTokens: 30,
    costUsd: 0.0001,
    fallbacks: ['standard'],
    exclusions: ['over-cost', 'under-quality']
}

describe('OrquestaMetrics', () => {
    it('uses buckets sized for LLM calls (seconds to minutes) and for token counts', () => {
        assert.equal(DURATION_BUCKETS_S[0], 0.01)
        assert.ok(Math.abs(DURATION_BUCKETS_S.at(-1)! - 81.92) < 1e-9)
        assert.equal(TOKEN_BUCKETS.at(-1), 67_108_864)
    })

    it('records a router call as selections, GenAI duration, tokens, time to first chunk, cost, fallbacks and exclusions', async () => {
        const metrics = new OrquestaMetrics({ defaultMetrics: false })
        metrics.setKnownModels(['budget', 'standard'])
        metrics.recordRouterCall(ok)
        const text = await metrics.registry.metrics()
        assert.match(text, /^model_selections_total\{model="budget",provider="openai"\} 1$/m)
        assert.match(
            text,
            /^gen_ai_client_operation_duration_seconds_count\{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_response_model="budget",error_type=""\} 1$/m
        )
        assert.match(text, /^gen_ai_client_token_usage_sum\{gen_ai_token_type="input",gen_ai_response_model="budget"\} 120$/m)
        assert.match(text, /^gen_ai_client_time_to_first_chunk_seconds_sum\{gen_ai_response_model="budget"\} 0.2$/m)
        assert.match(text, /^gen_ai_client_cost_usd_total\{gen_ai_response_model="budget"\} 0.0001$/m)
        assert.match(text, /^orquesta_router_fallbacks_total\{model="standard"\} 1$/m)
        assert.match(text, /^orquesta_router_exclusions_total\{reason="over-cost"\} 1$/m)
        assert.match(text, /^orchestration_duration_seconds_bucket\{le="81.92",workflow_type="router",status="ok"\} 1$/m)
    })

    it('keeps labels bounded: unknown models count as other, no request ids anywhere', async () => {
        const metrics = new OrquestaMetrics({ defaultMetrics: false })
        metrics.recordRouterCall({ ...ok, model: 'someone-elses-model-1234' })
        const text = await metrics.registry.metrics()
        assert.match(text, /model_selections_total\{model="other",provider="openai"\} 1/)
        assert.doesNotMatch(text, /someone-elses-model/)
    })

    it('counts errors by type and component', async () => {
        const metrics = new OrquestaMetrics({ defaultMetrics: false })
        metrics.recordRouterCall({
            strategy: 'balanced',
            outcome: 'error',
            durationMs: 10,
            fallbacks: [],
            exclusions: [],
            errorType: 'all_candidates_failed'
        })
        const text = await metrics.registry.metrics()
        assert.match(text, /^orchestration_errors_total\{type="all_candidates_failed",component="router"\} 1$/m)
        assert.match(text, /^orquesta_router_decisions_total\{strategy="balanced",outcome="error"\} 1$/m)
    })

    it('owns its registry: two instances do not collide and the global registry stays empty', async () => {
        const a = new OrquestaMetrics()
        const b = new OrquestaMetrics()
        a.recordRouterCall(ok)
        assert.doesNotMatch(await b.registry.metrics(), /model_selections_total\{/)
        const { register } = await import('prom-client')
        assert.equal(register.getSingleMetric('model_selections_total'), undefined)
    })

    it('records evaluation runs: runs by trigger and status, scores, regressions, and the time of the last completed run', async () => {
        const metrics = new OrquestaMetrics({ defaultMetrics: false })
        metrics.setKnownModels(['budget', 'premium'])
        const run = {
            trigger: 'daily',
            scores: [
                { model: 'budget', category: 'coding', score: 0.5 },
                { model: 'mystery', category: 'coding', score: 0.7 }
            ],
            regressions: [{ model: 'budget', category: 'coding' }]
        }
        metrics.recordEvaluationRun({ ...run, status: 'completed', finishedAt: 1_700_000_000_000 })
        metrics.recordEvaluationRun({ ...run, status: 'failed', scores: [], regressions: [], finishedAt: 1_700_000_500_000 })
        const text = await metrics.registry.metrics()
        assert.match(text, /^orquesta_evaluation_runs_total\{trigger="daily",status="completed"\} 1$/m)
        assert.match(text, /^orquesta_evaluation_runs_total\{trigger="daily",status="failed"\} 1$/m)
        assert.match(text, /^orquesta_evaluation_score\{model="budget",category="coding"\} 0.5$/m)
        assert.match(text, /^orquesta_evaluation_score\{model="other",category="coding"\} 0.7$/m)
        assert.match(text, /^orquesta_evaluation_regressions_total\{model="budget",category="coding"\} 1$/m)
        // A failed run leaves the staleness clock where the last completed run set it.
        assert.match(text, /^orquesta_evaluation_last_success_timestamp_seconds\{trigger="daily"\} 1700000000$/m)
    })
})
