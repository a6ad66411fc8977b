import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import Redis from 'ioredis'
import { EvaluationScheduler, slotKey, type Slot } from '../../../../plugin/evaluation/schedule/EvaluationScheduler'
import { previousSlot } from '../../../../plugin/evaluation/schedule/previousSlot'
import { RedisLock } from '../../../../plugin/evaluation/schedule/RedisLock'
import { EvaluationStore } from '../../../../plugin/evaluation/store/EvaluationStore'
import { openEvaluationDatabase } from '../../../../plugin/evaluation/store/openEvaluationDatabase'
import { DATABASE_KINDS, type ScratchDatabase } from '../../../support/databases'
import { tinySuite } from '../../../support/evaluation'
import { waitFor } from '../../../support/waitFor'

const REDIS_URL = process.env.ORQUESTA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const EVERY_SECOND = '* * * * * *'
const silent = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) }

interface Replica {
    readonly name: string
    readonly store: EvaluationStore
    readonly scheduler: EvaluationScheduler
    readonly handled: string[]
}

/** A replica: its own store connection and scheduler; its handler records a run per slot, as the plugin's does. */
const replica = async (
    name: string,
    scratch: ScratchDatabase,
    lock?: RedisLock,
    handle?: (slot: Slot) => Promise<void>
): Promise<Replica> => {
    const store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
    const handled: string[] = []
    const scheduler = new EvaluationScheduler({
        schedules: [{ name: 'daily', cron: EVERY_SECOND, timezone: 'UTC' }],
        store,
        lock,
        log: silent,
        handle:
            handle ??
            (async (slot) => {
                handled.push(slot.key)
                await store.createRun({
                    id: `${name}-${slot.key}`,
                    suite: tinySuite(),
                    trigger: 'daily',
                    slotKey: slot.key,
                    models: ['m'],
                    startedAt: Date.now()
                })
            })
    })
    return { name, store, scheduler, handled }
}

const runsPerSlot = async (store: EvaluationStore): Promise<Map<string, string[]>> => {
    const bySlot = new Map<string, string[]>()
    for (const run of await store.listRuns({ limit: 1000 })) {
        if (!run.slotKey) continue
        bySlot.set(run.slotKey, [...(bySlot.get(run.slotKey) ?? []), run.id])
    }
    return bySlot
}

const stopAll = async (replicas: readonly Replica[]) => {
    for (const r of replicas) await r.scheduler.stop()
    for (const r of replicas) await r.store.close()
}

describe('EvaluationScheduler', () => {
    const cleanup: (() => Promise<void>)[] = []
    after(async () => {
        for (const step of cleanup.reverse()) await step()
    })

    for (const { kind, create } of DATABASE_KINDS) {
        it(`runs each slot once across three replicas with only the database's slot key (${kind})`, async () => {
            const scratch = await create()
            cleanup.push(() => scratch.drop())
            const replicas = await Promise.all(['a', 'b', 'c'].map((n) => replica(n, scratch)))
            await Promise.all(replicas.map((r) => r.scheduler.start()))
            await waitFor('three slots', async () => (await runsPerSlot(replicas[0].store)).size >= 3, 10_000)
            await stopAll(replicas)
            const check = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
            const slots = await runsPerSlot(check)
            await check.close()
            for (const [key, runs] of slots) assert.equal(runs.length, 1, `${key}: ${runs.join(', ')}`)
            // Without a lock every replica tries every slot; the database refuses all but one.
            const attempts = replicas.reduce((sum, r) => sum + r.handled.length, 0)
            assert.ok(attempts > slots.size, `${attempts} attempts for ${slots.size} slots`)
        })
    }

    it('with a Redis lock, only one replica even attempts each slot', async () => {
        const scratch = await DATABASE_KINDS[1].create()
        cleanup.push(() => scratch.drop())
        const locks = await Promise.all([0, 1, 2].map(() => RedisLock.connect(REDIS_URL)))
        cleanup.push(async () => void (await Promise.all(locks.map((l) => l.close()))))
        const replicas = await Promise.all(['a', 'b', 'c'].map((n, i) => replica(n, scratch, locks[i])))
        await Promise.all(replicas.map((r) => r.scheduler.start()))
        await waitFor('three slots', async () => (await runsPerSlot(replicas[0].store)).size >= 3, 10_000)
        await stopAll(replicas)
        const attempts = replicas.flatMap((r) => r.handled)
        assert.equal(new Set(attempts).size, attempts.length, `slots attempted twice: ${attempts.sort().join(', ')}`)
    })

    it('stopping while another replica evaluates does not run, record or hold the waiting slot', async () => {
        const scratch = await DATABASE_KINDS[0].create()
        cleanup.push(() => scratch.drop())
        const [busy, waiting] = await Promise.all([0, 1].map(() => RedisLock.connect(REDIS_URL)))
        cleanup.push(async () => void (await Promise.all([busy.close(), waiting.close()])))
        // Another replica is evaluating: it holds the "active" lease.
        const active = await waitFor('the active lease', () => busy.tryAcquire('orquesta:evaluation:active', 60_000))
        cleanup.push(() => active.release())
        const r = await replica('waiting', scratch, waiting)
        const seen: string[] = []
        const log = { ...silent, info: (m: string) => void seen.push(m) }
        const scheduler = new EvaluationScheduler({
            // Its own schedule name: the other tests' daily slot leases may still be in Redis.
            schedules: [{ name: 'weekly', cron: EVERY_SECOND, timezone: 'UTC' }],
            store: r.store,
            lock: waiting,
            log,
            handle: async (slot) => void r.handled.push(slot.key)
        })
        const startedAt = Date.now()
        await scheduler.start()
        // The replica has taken a slot's lease and waits for the active one.
        const redis = new Redis(REDIS_URL)
        cleanup.push(async () => void (await redis.quit()))
        await waitFor('a slot lease taken by the waiting replica', async () =>
            (await redis.keys('orquesta:evaluation:slot:weekly@*')).some((k) => Date.parse(k.split('@')[1]) >= startedAt - 1_000)
        )
        await scheduler.stop()
        await r.store.close()
        assert.deepEqual(r.handled, [])
        const note = seen.find((m) => /not run: the scheduler stopped/.test(m))
        assert.ok(note, `no "not run" log in ${JSON.stringify(seen)}`)
        const key = /evaluation: (\S+) not run/.exec(note)![1]
        const check = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
        assert.equal(await check.slotTaken(key), false)
        await check.close()
        // The slot's lease was given back: another replica (or the next start's catch-up) can take it.
        const lease = await busy.tryAcquire(`orquesta:evaluation:slot:${key}`, 1_000)
        assert.ok(lease, `the lease of ${key} is still held`)
        await lease.release()
    })

    it('never runs two slots at once in a process, and does not pile up waiting slots', async () => {
        const scratch = await DATABASE_KINDS[0].create()
        cleanup.push(() => scratch.drop())
        let running = 0
        let maxRunning = 0
        const handled: string[] = []
        const r = await replica('slow', scratch, undefined, async (slot) => {
            running++
            maxRunning = Math.max(maxRunning, running)
            handled.push(slot.key)
            await new Promise((resolve) => setTimeout(resolve, 2_500))
            running--
        })
        await r.scheduler.start()
        await waitFor('two slots handled', async () => handled.length >= 2, 10_000)
        const started = Date.now()
        await stopAll([r])
        assert.equal(maxRunning, 1)
        // Ticks came every second during 2.5 s runs: at most one waited each time.
        assert.ok(Date.now() - started < 6_000, 'stop waited for a pile of queued slots')
    })

    it('runs a slot missed while the server was down once at the next start, and not again', async () => {
        const scratch = await DATABASE_KINDS[0].create()
        cleanup.push(() => scratch.drop())
        const now = Date.now()
        const hourly = '0 * * * *'
        const missed = previousSlot(hourly, 'UTC', new Date(now))
        const seed = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
        await seed.scheduleRegisteredAt('daily', missed.getTime() - 3_600_000)
        await seed.close()
        const startReplica = async () => {
            const store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
            const slots: Slot[] = []
            const scheduler = new EvaluationScheduler({
                schedules: [{ name: 'daily', cron: hourly, timezone: 'UTC' }],
                store,
                log: silent,
                handle: async (slot) => {
                    slots.push(slot)
                    await store.createRun({
                        id: `run-${slots.length}-${Math.random()}`,
                        suite: tinySuite(),
                        trigger: 'daily',
                        slotKey: slot.key,
                        models: ['m'],
                        startedAt: Date.now()
                    })
                }
            })
            await scheduler.start()
            await scheduler.idle()
            await scheduler.stop()
            await store.close()
            return slots
        }
        const first = await startReplica()
        assert.deepEqual(
            first.map((s) => [s.key, s.catchUp]),
            [[slotKey('daily', missed), true]]
        )
        assert.deepEqual(await startReplica(), [])
    })

    it('does not treat slots before the schedule was first registered as missed', async () => {
        const scratch = await DATABASE_KINDS[0].create()
        cleanup.push(() => scratch.drop())
        const store = await EvaluationStore.open(await openEvaluationDatabase(scratch.config))
        const slots: Slot[] = []
        const scheduler = new EvaluationScheduler({
            schedules: [{ name: 'weekly', cron: '0 3 * * 0', timezone: 'Europe/Madrid' }],
            store,
            log: silent,
            handle: async (slot) => void slots.push(slot)
        })
        await scheduler.start()
        await scheduler.idle()
        assert.match(scheduler.nextRuns()[0].next ?? '', /^\d{4}-\d\d-\d\dT0[23]:00:00\.000Z$/)
        await scheduler.stop()
        await store.close()
        assert.deepEqual(slots, [])
    })
})
