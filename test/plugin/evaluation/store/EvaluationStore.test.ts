import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { EvaluationStore } from '../../../../plugin/evaluation/store/EvaluationStore'
import { openEvaluationDatabase } from '../../../../plugin/evaluation/store/openEvaluationDatabase'
import { DATABASE_KINDS, type ScratchDatabase } from '../../../support/databases'
import { caseResult, tinySuite } from '../../../support/evaluation'

const CHILD = path.resolve(__dirname, '../../../support/children/recordResultsUntilKilled.js')

// The same behaviour is required of every database kind the store supports.
for (const { kind, create } of DATABASE_KINDS) {
    describe(`EvaluationStore on ${kind}`, () => {
        let scratch: ScratchDatabase
        let store: EvaluationStore

        before(async () => {
            scratch = await create()
            store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
        })
        after(async () => {
            await store?.close()
            await scratch?.drop()
        })

        it('opens twice on the same database (tables already there)', async () => {
            const again = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
            await again.close()
        })

        it('records a run and reads it back with its expected result count', async () => {
            const suite = tinySuite(['reasoning'], 4)
            const run = await store.createRun({ id: 'run-a', suite, trigger: 'manual', models: ['x', 'y'], startedAt: 1000 })
            assert.ok(run)
            assert.equal(run.status, 'running')
            assert.equal(run.expectedResults, 8)
            assert.equal(run.recordedResults, 0)
            assert.deepEqual(run.models, ['x', 'y'])
            assert.deepEqual(await store.runSuite('run-a'), JSON.parse(JSON.stringify(suite)))
        })

        it('gives a schedule slot to exactly one of several concurrent claimants', async () => {
            const suite = tinySuite()
            const claims = await Promise.all(
                ['c1', 'c2', 'c3', 'c4'].map((id) =>
                    store.createRun({
                        id,
                        suite,
                        trigger: 'daily',
                        slotKey: 'daily@2026-11-25T02:00:00.000Z',
                        models: ['x'],
                        startedAt: 2000
                    })
                )
            )
            assert.equal(claims.filter(Boolean).length, 1)
            assert.equal(await store.slotTaken('daily@2026-11-25T02:00:00.000Z'), true)
            assert.equal(await store.slotTaken('daily@2026-11-26T02:00:00.000Z'), false)
        })

        it('round-trips results exactly, including errors and missing figures, and ignores a duplicate', async () => {
            const graded = caseResult({ runId: 'run-a', model: 'x', caseId: 'reasoning-1', category: 'reasoning', score: 0.5, pass: false })
            const failed = caseResult({
                runId: 'run-a',
                model: 'y',
                caseId: 'reasoning-1',
                output: undefined,
                assertions: [],
                pass: undefined,
                score: undefined,
                error: 'HTTP 500 from the provider',
                ttftMs: undefined,
                inputTokens: undefined,
                outputTokens: undefined,
                costUsd: undefined,
                proxyCostUsd: undefined
            })
            await store.recordResult(graded)
            await store.recordResult(failed)
            await store.recordResult({ ...graded, output: 'a different answer' })
            const stored = await store.results('run-a')
            assert.deepEqual(
                stored.map((r) => JSON.parse(JSON.stringify(r))),
                [graded, failed].map((r) => JSON.parse(JSON.stringify(r)))
            )
            assert.equal((await store.getRun('run-a'))?.recordedResults, 2)
            assert.deepEqual([...(await store.recordedKeys('run-a'))].length, 2)
        })

        it('finds the latest completed run of a model, optionally before another run', async () => {
            const suite = tinySuite()
            for (const [id, startedAt] of [
                ['old', 10_000],
                ['new', 20_000]
            ] as const) {
                await store.createRun({ id, suite, trigger: 'manual', models: ['z', 'zz'], startedAt })
                await store.finishRun(id, 'completed', startedAt + 500)
            }
            await store.createRun({ id: 'unfinished', suite, trigger: 'manual', models: ['z'], startedAt: 30_000 })
            assert.equal((await store.latestCompletedRun('z'))?.id, 'new')
            assert.equal((await store.latestCompletedRun('z', { before: 20_000 }))?.id, 'old')
            assert.equal((await store.latestCompletedRun('z', { suiteHash: 'another' }))?.id, undefined)
            assert.equal(await store.latestCompletedRun('nobody'), undefined)
        })

        it('marks runs whose heartbeat stopped as incomplete, and reopens them', async () => {
            await store.createRun({ id: 'stale', suite: tinySuite(), trigger: 'manual', models: ['x'], startedAt: 100 })
            await store.heartbeat('stale', 200)
            const marked = await store.markAbandonedRuns(150, 300)
            assert.deepEqual(marked, [])
            assert.ok((await store.markAbandonedRuns(250, 300)).includes('stale'))
            const run = await store.getRun('stale')
            assert.equal(run?.status, 'incomplete')
            assert.match(run?.error ?? '', /resume/)
            await store.reopenRun('stale', 400)
            assert.equal((await store.getRun('stale'))?.status, 'running')
        })

        it('tracks models seen and removed, and when schedules were registered', async () => {
            await store.markModelsSeen(['m1', 'm2'], 1000)
            await store.markModelsRemoved(['m2'], 2000)
            assert.deepEqual(await store.knownModels(), [
                { model: 'm1', firstSeenAt: 1000, removedAt: undefined },
                { model: 'm2', firstSeenAt: 1000, removedAt: 2000 }
            ])
            await store.markModelsSeen(['m2'], 3000)
            assert.equal((await store.knownModels()).find((m) => m.model === 'm2')?.removedAt, undefined)
            assert.equal(await store.scheduleRegisteredAt('daily', 5000), 5000)
            assert.equal(await store.scheduleRegisteredAt('daily', 9000), 5000)
        })

        it('keeps every result a killed process had recorded', async () => {
            await store.createRun({ id: 'killed', suite: tinySuite(), trigger: 'manual', models: ['m'], startedAt: Date.now() })
            const child = spawn(process.execPath, [CHILD, JSON.stringify(scratch.config), 'killed'], { stdio: ['ignore', 'pipe', 'pipe'] })
            let stderr = ''
            child.stderr.on('data', (chunk) => (stderr += chunk))
            const lastReported = await new Promise<number>((resolve, reject) => {
                let last = 0
                child.stdout.on('data', (chunk: Buffer) => {
                    const counts = [...chunk.toString().matchAll(/recorded (\d+)/g)].map((m) => Number(m[1]))
                    if (counts.length > 0) last = counts[counts.length - 1]
                    if (last >= 25) {
                        child.kill('SIGKILL')
                        resolve(last)
                    }
                })
                child.on('exit', (code) => (last < 25 ? reject(new Error(`child exited (${code}) early: ${stderr}`)) : undefined))
            })
            await new Promise((resolve) => child.once('exit', resolve).once('close', resolve))
            const results = await store.results('killed')
            assert.ok(results.length >= lastReported, `${results.length} results kept, ${lastReported} reported as recorded`)
            for (const r of results) assert.equal(r.output, `output ${r.caseId.slice('case-'.length)}`)
        })
    })
}
