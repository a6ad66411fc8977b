import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AllCandidatesFailedError, runWithFallbacks, type Clock, type FallbackBudgets } from '../../../plugin/router/runWithFallbacks'

/** Virtual time: `sleep` and scheduled timers advance it instantly, so the tests run in milliseconds. */
class FakeClock implements Clock {
    time = 0
    private timers: { at: number; fn: () => void }[] = []
    slept: number[] = []

    now = () => this.time
    schedule = (ms: number, fn: () => void) => {
        const timer = { at: this.time + ms, fn }
        this.timers.push(timer)
        return () => (this.timers = this.timers.filter((t) => t !== timer))
    }
    sleep = async (ms: number) => {
        this.slept.push(ms)
        this.advance(ms)
    }
    advance(ms: number): void {
        this.time += ms
        const due = this.timers.filter((t) => t.at <= this.time)
        this.timers = this.timers.filter((t) => t.at > this.time)
        for (const t of due) t.fn()
    }
}

const failure = (code: string, retryable: boolean, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${code} failure`), { code, retryable, ...extra })

const budgets: FallbackBudgets = { maxAttempts: 3, attemptTimeoutMs: 1_000, totalTimeoutMs: 10_000 }

/** An attempt that answers by script per candidate: a value, an error, a hang, or a delay (ms of virtual time). */
const scripted = (clock: FakeClock, script: Record<string, (string | Error | 'hang' | number)[]>) => {
    const calls: string[] = []
    const attempt = (name: string, context: { signal: AbortSignal }) => {
        calls.push(name)
        const step = script[name].shift()
        if (step instanceof Error) return Promise.reject(step)
        if (step === 'hang') {
            return new Promise<string>((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)))
        }
        if (typeof step === 'number') {
            clock.advance(step)
            return Promise.resolve(`${name} after ${step}`)
        }
        return Promise.resolve(step ?? `${name} answered`)
    }
    return { calls, attempt }
}

const run = (clock: FakeClock, candidates: string[], attempt: ReturnType<typeof scripted>['attempt'], extra = {}) =>
    runWithFallbacks({ candidates, nameOf: (c) => c, budgets, attempt, clock, ...extra })

describe('runWithFallbacks', () => {
    it('returns the first answer and records every try with its own latency', async () => {
        const clock = new FakeClock()
        const { calls, attempt } = scripted(clock, { a: [failure('upstream', true)], b: [250] })
        const outcome = await run(clock, ['a', 'b', 'c'], attempt)
        assert.equal(outcome.value, 'b after 250')
        assert.deepEqual(calls, ['a', 'b'])
        assert.deepEqual(
            outcome.attempts.map((a) => [a.model, a.outcome, a.code, a.latencyMs]),
            [
                ['a', 'failed', 'upstream', 0],
                ['b', 'ok', undefined, 250]
            ]
        )
        assert.equal(outcome.totalMs, 250)
    })

    it('passes a non-retryable failure on at once', async () => {
        const clock = new FakeClock()
        const bad = failure('bad_request', false)
        const { calls, attempt } = scripted(clock, { a: [bad], b: ['b'] })
        await assert.rejects(run(clock, ['a', 'b'], attempt), (error) => error === bad)
        assert.deepEqual(calls, ['a'])
    })

    it('passes on errors it cannot classify, without trying another model', async () => {
        const clock = new FakeClock()
        const { calls, attempt } = scripted(clock, { a: [new Error('boom')], b: ['b'] })
        await assert.rejects(run(clock, ['a', 'b'], attempt), /boom/)
        assert.deepEqual(calls, ['a'])
    })

    it('aborts a try that hangs past its time limit and moves on; the hang is a timeout', async () => {
        const clock = new FakeClock()
        const { attempt } = scripted(clock, { a: ['hang'], b: ['b'] })
        const pending = run(clock, ['a', 'b'], attempt)
        await Promise.resolve()
        clock.advance(1_000)
        const outcome = await pending
        assert.equal(outcome.value, 'b')
        assert.deepEqual(outcome.attempts[0], {
            model: 'a',
            startMs: 0,
            latencyMs: 1_000,
            outcome: 'failed',
            code: 'timeout',
            status: undefined,
            error: 'no answer within 1000 ms'
        })
    })

    it('waits out a rate limit on the same model when Retry-After fits, else moves on', async () => {
        const clock = new FakeClock()
        const { calls, attempt } = scripted(clock, { a: [failure('rate_limited', true, { retryAfterMs: 300 }), 'a'] })
        const outcome = await run(clock, ['a', 'b'], attempt)
        assert.equal(outcome.value, 'a')
        assert.deepEqual(calls, ['a', 'a'])
        assert.deepEqual(clock.slept, [300])

        const later = new FakeClock()
        const long = scripted(later, { a: [failure('rate_limited', true, { retryAfterMs: 60_000 })], b: ['b'] })
        assert.equal((await run(later, ['a', 'b'], long.attempt)).value, 'b')
        assert.deepEqual(long.calls, ['a', 'b'])
    })

    it('retries an unreachable proxy with growing back-off within the time budget', async () => {
        const clock = new FakeClock()
        const down = () => failure('unreachable', true)
        const { calls, attempt } = scripted(clock, { a: [down(), down(), down(), 'a'] })
        const outcome = await run(clock, ['a', 'b'], attempt)
        assert.equal(outcome.value, 'a')
        assert.deepEqual(calls, ['a', 'a', 'a', 'a'])
        assert.deepEqual(clock.slept, [100, 200, 400])
    })

    it('gives the proxy error itself when the proxy stays down past the time budget', async () => {
        const clock = new FakeClock()
        const last = failure('unreachable', true)
        const { attempt } = scripted(clock, { a: [...Array.from({ length: 20 }, () => failure('unreachable', true)), last] })
        await assert.rejects(runWithFallbacks({ candidates: ['a'], nameOf: (c) => c, budgets, attempt, clock }), (error: Error) =>
            /unreachable failure/.test(error.message)
        )
        assert.ok(clock.time <= budgets.totalTimeoutMs)
    })

    it('gives the proxy error, not a time-out, when the last try before the deadline is cut short', async () => {
        const clock = new FakeClock()
        const budget = { ...budgets, totalTimeoutMs: 350 }
        // Down for 100 + 200 ms of back-off, then a try with the 50 ms left that hangs until the deadline.
        const { attempt } = scripted(clock, { a: [failure('unreachable', true), failure('unreachable', true), 'hang'] })
        const pending = runWithFallbacks({ candidates: ['a', 'b'], nameOf: (c) => c, budgets: budget, attempt, clock })
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
        clock.advance(50)
        await assert.rejects(pending, /unreachable failure/)
    })

    it('stops at the attempt budget and at the time budget, saying which', async () => {
        const clock = new FakeClock()
        const upstream = () => failure('upstream', true)
        const { attempt } = scripted(clock, { a: [upstream()], b: [upstream()], c: ['c'] })
        await assert.rejects(
            runWithFallbacks({ candidates: ['a', 'b', 'c'], nameOf: (c) => c, budgets: { ...budgets, maxAttempts: 2 }, attempt, clock }),
            (error: unknown) =>
                error instanceof AllCandidatesFailedError && error.budgetExhausted === 'attempts' && error.attempts.length === 2
        )
        const slow = new FakeClock()
        const hangs = scripted(slow, { a: ['hang'], b: ['hang'], c: ['c'] })
        const pending = runWithFallbacks({
            candidates: ['a', 'b', 'c'],
            nameOf: (c) => c,
            budgets: { ...budgets, totalTimeoutMs: 1_500 },
            attempt: hangs.attempt,
            clock: slow
        })
        await Promise.resolve()
        slow.advance(1_000)
        await new Promise((resolve) => setImmediate(resolve))
        slow.advance(500)
        await assert.rejects(pending, (error: unknown) => error instanceof AllCandidatesFailedError && error.budgetExhausted === 'time')
        assert.deepEqual(hangs.calls, ['a', 'b'])
    })

    it("stops at once on the caller's abort and passes its reason on", async () => {
        const clock = new FakeClock()
        const controller = new AbortController()
        const { attempt } = scripted(clock, { a: ['hang'] })
        const pending = run(clock, ['a', 'b'], attempt, { signal: controller.signal })
        controller.abort(new Error('caller went away'))
        await assert.rejects(pending, /caller went away/)
    })

    it('reports every finished try as it finishes', async () => {
        const clock = new FakeClock()
        const seen: string[] = []
        const { attempt } = scripted(clock, { a: [failure('upstream', true)], b: ['b'] })
        await run(clock, ['a', 'b'], attempt, {
            onAttempt: (r: { model: string; outcome: string }) => seen.push(`${r.model}:${r.outcome}`)
        })
        assert.deepEqual(seen, ['a:failed', 'b:ok'])
    })
})
