import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sharedSandboxPool } from '../../../../plugin/evaluation/assertions/sandboxPool'
import { waitFor } from '../../../support/waitFor'
import { evaluate, rejection } from './evaluate'

/** The longest gap (ms) between 5 ms ticks of this thread's event loop while `work` runs. */
const longestStall = async (work: () => Promise<unknown>): Promise<number> => {
    let last = performance.now()
    let longest = 0
    const ticker = setInterval(() => {
        const now = performance.now()
        longest = Math.max(longest, now - last)
        last = now
    }, 5)
    try {
        await work()
    } finally {
        clearInterval(ticker)
    }
    return longest
}

const js = (code: string, extra: Record<string, unknown> = {}) => ({ type: 'javascript', code, ...extra })

describe('javascript', () => {
    it('takes an expression or a function body, with output and context in scope', async () => {
        assert.equal((await evaluate(js("output.startsWith('Par')"), 'Paris')).pass, true)
        assert.equal((await evaluate(js('const n = output.length\nreturn n === 5'), 'Paris')).pass, true)
        const context = { prompt: 'Capital of France?', vars: { city: 'Paris' } }
        assert.equal((await evaluate(js('output === context.vars.city && context.prompt.includes("France")'), 'Paris', context)).pass, true)
    })

    it('reads booleans, scores in [0, 1] against the threshold, and {pass, score, reason}', async () => {
        assert.deepEqual(await evaluate(js('false'), ''), { type: 'javascript', pass: false, score: 0, reason: 'the code returned false' })
        const partial = await evaluate(js('0.75'), '')
        assert.equal(partial.pass, false)
        assert.equal(partial.score, 0.75)
        assert.equal((await evaluate(js('0.75', { threshold: 0.5 }), '')).pass, true)
        assert.deepEqual(await evaluate(js("({ pass: true, score: 0.9, reason: 'close' })"), ''), {
            type: 'javascript',
            pass: true,
            score: 0.9,
            reason: 'close'
        })
        assert.equal((await evaluate(js('({ pass: false })'), '')).score, 0)
    })

    it('fails other return values with an explanation', async () => {
        for (const code of ['1.5', '"yes"', 'undefined', 'null', '({ score: 1 })', '({ pass: true, score: 7 })']) {
            const result = await evaluate(js(code), '')
            assert.equal(result.pass, false, code)
            assert.match(result.reason, /returned|score/, code)
        }
    })

    it('turns exceptions into a failing result with the message', async () => {
        const result = await evaluate(js("throw new TypeError('boom')"), '')
        assert.equal(result.pass, false)
        assert.match(result.reason, /TypeError: boom/)
        assert.match((await evaluate(js('return ('), '')).reason, /SyntaxError/)
    })

    describe('isolation from the host', () => {
        it('has no require, process, fetch, timers or module loader', async () => {
            const absent = [
                'require',
                'process',
                'fetch',
                'setTimeout',
                'setInterval',
                'XMLHttpRequest',
                'WebSocket',
                'Buffer',
                'module',
                '__dirname',
                'std',
                'os',
                'Deno',
                'Bun'
            ]
            for (const name of absent) {
                assert.equal((await evaluate(js(`typeof ${name} === 'undefined'`), '')).pass, true, `${name} is reachable`)
            }
        })

        it('fails attempts to read files, spawn processes or use the network', async () => {
            const attempts = [
                "require('fs').readFileSync('/etc/passwd', 'utf8').length > 0",
                "require('child_process').execSync('id').length > 0",
                'process.exit(1)',
                "process.binding('fs')",
                "fetch('http://127.0.0.1:1/')",
                "globalThis.process.mainModule.require('fs')"
            ]
            for (const code of attempts) {
                const result = await evaluate(js(code), '')
                assert.equal(result.pass, false, code)
                assert.match(
                    result.reason,
                    /(ReferenceError|TypeError).*(not defined|undefined|cannot read|not a function)/i,
                    `${code}: ${result.reason}`
                )
            }
        })

        it('cannot reach the host through constructors or globalThis', async () => {
            const escapes = [
                "typeof this.constructor.constructor('return process')() === 'undefined'",
                "typeof Function('return this')().process === 'undefined'",
                "typeof (async () => {}).constructor('return require')() === 'object'",
                "Object.getOwnPropertyNames(globalThis).every((name) => !['process', 'require', 'fetch'].includes(name))",
                "typeof import.meta === 'undefined'"
            ]
            for (const code of escapes) {
                const result = await evaluate(js(code), '')
                // Each either evaluates to true (nothing reached) or fails to compile/run; none reaches the host.
                assert.ok(result.pass || /Error/.test(result.reason), `${code}: ${result.reason}`)
            }
        })

        it('keeps no state between evaluations and does not touch host globals', async () => {
            assert.equal((await evaluate(js('globalThis.leaked = 1; Object.prototype.polluted = 1; return true'), '')).pass, true)
            assert.equal((await evaluate(js("typeof leaked === 'undefined' && ({}).polluted === undefined"), '')).pass, true)
            assert.equal((globalThis as Record<string, unknown>).leaked, undefined)
            assert.equal(({} as Record<string, unknown>).polluted, undefined)
        })

        it('does not load modules with dynamic import', async () => {
            const result = await evaluate(js("import('node:fs').then(() => true)"), '')
            assert.equal(result.pass, false)
        })
    })

    describe('limits', () => {
        it('interrupts an endless loop at the time limit', async () => {
            const started = Date.now()
            const result = await evaluate(js('while (true) {}', { timeoutMs: 200 }), '')
            const elapsed = Date.now() - started
            assert.equal(result.pass, false)
            assert.match(result.reason, /timed out after 200 ms/)
            assert.ok(elapsed < 2_000, `${elapsed} ms`)
        })

        it('applies the default time limit of 1,000 ms', async () => {
            const started = Date.now()
            const result = await evaluate(js('for (;;) {}'), '')
            assert.match(result.reason, /timed out after 1000 ms/)
            assert.ok(Date.now() - started < 3_000)
        })

        it('stops at the memory limit (default 64 MiB)', async () => {
            const result = await evaluate(js("'x'.repeat(1e8).length > 0"), '')
            assert.equal(result.pass, false)
            assert.match(result.reason, /exceeded the sandbox memory limit of 67108864 bytes/)
            const small = await evaluate(js("'x'.repeat(1e7).length > 0", { memoryBytes: 8 * 1024 * 1024 }), '')
            assert.match(small.reason, /memory limit of 8388608 bytes/)
            assert.equal((await evaluate(js("'x'.repeat(1e7).length > 0"), '')).pass, true, '10 MB fits in the default heap')
        })

        it('runs on a worker thread: the main event loop keeps ticking through an endless loop', async () => {
            const stall = await longestStall(() => evaluate(js('while (true) {}'), ''))
            assert.ok(stall < 100, `the main thread stalled ${Math.round(stall)} ms`)
        })

        it('terminates a thread whose code the interrupt cannot reach (a backtracking regex inside QuickJS)', async () => {
            const started = Date.now()
            let result: Awaited<ReturnType<typeof evaluate>> | undefined
            const stall = await longestStall(async () => {
                result = await evaluate(js("/^(a+)+$/.test('a'.repeat(40) + '!')"), '')
            })
            assert.equal(result?.pass, false)
            assert.match(result?.reason ?? '', /timed out after 1000 ms/)
            assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`)
            assert.ok(stall < 100, `the main thread stalled ${Math.round(stall)} ms`)
        })

        it('keeps memory bounded for arrays and strings, recycles the thread, and the memory comes back', async () => {
            const before = process.memoryUsage().rss
            const result = await evaluate(js("const a = []; while (true) a.push('x'.repeat(1e6) + a.length)"), '')
            assert.equal(result.pass, false)
            assert.match(result.reason, /memory limit of 67108864 bytes|timed out/)
            assert.equal(sharedSandboxPool().threads, 0, 'the thread that hit the limit was not replaced')
            // The terminated thread's memory goes back to the system within moments.
            await waitFor('the memory to come back', () => process.memoryUsage().rss - before < 100 * 1024 * 1024, 5_000)
            assert.equal((await evaluate(js('1 + 1 === 2'), '')).pass, true, 'a new thread serves the next assertion')
        })

        it("refuses limits above the server's caps when the suite is parsed", () => {
            const time = rejection(js('true', { timeoutMs: 60_000 }))[0]
            assert.deepEqual(time.path, ['timeoutMs'])
            assert.match(time.message, /at most 1000 on this server \(ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS\)/)
            const memory = rejection(js('true', { memoryBytes: 1024 * 1024 * 1024 }))[0]
            assert.match(memory.message, /at most 67108864 on this server \(ORQUESTA_JS_ASSERT_MAX_MEMORY_MB\)/)
        })

        it('turns unbounded recursion into an error', async () => {
            const result = await evaluate(js('function down(n) { return down(n + 1) + 1 }\nreturn down(0)'), '')
            assert.equal(result.pass, false)
            assert.match(result.reason, /stack|recursion|RangeError|InternalError/i)
        })
    })

    describe('helpers for coding cases', () => {
        const answer = '```javascript\nexport const double = (x) => x * 2\n```'

        it('functionFrom finds the named function in the fenced code', async () => {
            assert.equal((await evaluate(js("functionFrom(output, 'double')(21) === 42"), answer)).pass, true)
            assert.equal(
                (await evaluate(js("functionFrom(output, 'triple')(1) === 3"), answer)).reason.includes('defines no function named triple'),
                true
            )
            assert.match((await evaluate(js("functionFrom(output, 'f')"), 'I cannot help with that.')).reason, /does not parse/)
        })

        it('testFunction scores the share of correct calls and names the wrong ones', async () => {
            const result = await evaluate(js("testFunction(output, 'double', [[[1], 2], [[2], 4], [[3], 7]])"), answer)
            assert.equal(result.pass, false)
            assert.equal(result.score, 2 / 3)
            assert.match(result.reason, /2\/3 calls correct: double\(3\) returned 6, expected 7/)
        })
    })

    it('rejects an empty code, a zero time limit or a tiny heap when the suite is parsed', () => {
        assert.deepEqual(rejection(js('  '))[0].path, ['code'])
        assert.deepEqual(rejection(js('true', { timeoutMs: 0 }))[0].path, ['timeoutMs'])
        assert.deepEqual(rejection(js('true', { memoryBytes: 1024 }))[0].path, ['memoryBytes'])
    })
})
