import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { RunLiveness } from '../../../plugin/evaluation/RunLiveness'
import type { EvaluationStore } from '../../../plugin/evaluation/store/EvaluationStore'
import { openEvaluationStore } from '../../../plugin/evaluation/store/openEvaluationDatabase'
import { DATABASE_KINDS } from '../../support/databases'
import { tinySuite } from '../../support/evaluation'
import { waitFor } from '../../support/waitFor'

const RECORDER = path.resolve(__dirname, '../../support/children/recordResultsUntilKilled.js')
const quiet = { warn: () => undefined }

for (const { kind, create } of DATABASE_KINDS) {
    describe(`RunLiveness on ${kind}`, () => {
        const cleanup: (() => Promise<void>)[] = []
        after(async () => {
            for (const step of cleanup.reverse()) await step()
        })

        it('marks the run of a SIGKILLed process incomplete while the server runs, and keeps its own queued runs alive', async () => {
            const scratch = await create()
            cleanup.push(() => scratch.drop())
            const store: EvaluationStore = await openEvaluationStore(scratch.config)
            cleanup.push(() => store.close())
            const now = Date.now()
            const suite = tinySuite()
            await store.createRun({ id: 'killed', suite, trigger: 'manual', models: ['m'], startedAt: now })
            // Queued here behind another run: its heartbeat is its start time until this process's liveness renews it.
            await store.createRun({ id: 'queued-here', suite, trigger: 'manual', models: ['m'], startedAt: now })
            const liveness = new RunLiveness({ store, liveRuns: () => ['queued-here'], log: quiet, intervalMs: 200, staleAfterMs: 1_500 })
            await liveness.start()
            cleanup.push(() => liveness.stop())

            const child = spawn(process.execPath, [RECORDER, JSON.stringify(scratch.config), 'killed'], {
                stdio: ['ignore', 'pipe', 'pipe']
            })
            await new Promise<void>((resolve, reject) => {
                child.stdout.on('data', (chunk: Buffer) => /recorded 5\b/.test(chunk.toString()) && resolve())
                child.on('exit', (code) => reject(new Error(`the recorder exited early (${code})`)))
            })
            child.kill('SIGKILL')
            const killedAt = Date.now()
            const marked = await waitFor('the killed run marked incomplete', async () => {
                const run = await store.getRun('killed')
                return run?.status === 'incomplete' && run
            })
            const detectedMs = Date.now() - killedAt
            assert.ok(detectedMs < 1_500 + 200 + 1_000, `detected after ${detectedMs} ms`)
            assert.match(marked.error ?? '', /resume/)
            assert.ok(marked.recordedResults >= 5)
            assert.equal((await store.getRun('queued-here'))?.status, 'running')
        })

        it('opens one fresh database from six processes at once', async () => {
            const scratch = await create()
            cleanup.push(() => scratch.drop())
            const OPENER = path.resolve(__dirname, '../../support/children/openStoreAndRecord.js')
            const exits = await Promise.all(
                [1, 2, 3, 4, 5, 6].map(
                    (i) =>
                        new Promise<{ code: number | null; stderr: string }>((resolve) => {
                            const child = spawn(process.execPath, [OPENER, JSON.stringify(scratch.config), `run-${i}`], {
                                stdio: ['ignore', 'ignore', 'pipe']
                            })
                            let stderr = ''
                            child.stderr.on('data', (chunk) => (stderr += chunk))
                            child.on('exit', (code) => resolve({ code, stderr }))
                        })
                )
            )
            for (const exit of exits) assert.equal(exit.code, 0, exit.stderr)
            const store = await openEvaluationStore(scratch.config)
            cleanup.push(() => store.close())
            assert.equal((await store.listRuns()).length, 6)
        })
    })
}
