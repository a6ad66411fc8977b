import cron, { type ScheduledTask } from 'node-cron'
import type { EvaluationStore } from '../store/EvaluationStore'
import { previousSlot } from './previousSlot'
import type { Lease, RedisLock } from './RedisLock'

/** The schedules of the original plan, and the flow evaluations (ORQUESTA_EVAL_FLOWS). */
export const SCHEDULE_NAMES = ['daily', 'weekly', 'new-models', 'flows'] as const
export type ScheduleName = (typeof SCHEDULE_NAMES)[number]

export interface Schedule {
    readonly name: ScheduleName
    /** A node-cron expression (5 fields, or 6 with seconds). */
    readonly cron: string
    /** An IANA time zone, e.g. `Europe/Madrid`. */
    readonly timezone: string
}

/** One due slot of a schedule. */
export interface Slot {
    readonly schedule: Schedule
    /** Unique per schedule and slot time: the database keeps one run per key. */
    readonly key: string
    readonly time: Date
    /** True when the slot was missed while the server was down and runs at start. */
    readonly catchUp: boolean
}

/**
 * Does a slot's work and resolves when it is done. It must create its run with `slot.key` as
 * the run's slot key, which the database keeps unique: that is what makes a slot run once.
 */
export type SlotHandler = (slot: Slot) => Promise<void>

export interface SchedulerLog {
    info(message: string): void
    warn(message: string): void
    error(message: string): void
}

export interface EvaluationSchedulerOptions {
    readonly schedules: readonly Schedule[]
    readonly store: EvaluationStore
    readonly handle: SlotHandler
    /** Shared by replicas when Redis is configured. */
    readonly lock?: RedisLock
    readonly log: SchedulerLog
    readonly clock?: () => number
}

/** How long a replica keeps a slot's lease: longer than any clock skew between replicas. */
const SLOT_LEASE_MS = 10 * 60_000
/** Lease on "an evaluation is running", renewed while it runs. */
const ACTIVE_LEASE_MS = 60_000
const ACTIVE_POLL_MS = 1_000

export const slotKey = (name: ScheduleName, time: Date): string => `${name}@${time.toISOString()}`

/**
 * Fires the evaluation schedules with node-cron, one slot at a time per process (slots that come
 * due while another runs wait in line; a schedule never has two slots waiting). At start, the
 * latest slot of each schedule that passed while the server was down (after the schedule was
 * first registered) runs once. With several replicas, a Redis lease per slot lets one replica
 * take it and a lease on "running" keeps replicas from evaluating at the same time; without
 * Redis the database's unique slot key still lets only one of them record the run.
 */
export class EvaluationScheduler {
    private readonly tasks: ScheduledTask[] = []
    private readonly waiting = new Set<ScheduleName>()
    private queue: Promise<void> = Promise.resolve()
    private stopped = false

    constructor(private readonly options: EvaluationSchedulerOptions) {}

    async start(): Promise<void> {
        for (const schedule of this.options.schedules) {
            const task = cron.createTask(schedule.cron, (context) => this.enqueue(schedule, context.date, false), {
                name: `orquesta-evaluation-${schedule.name}`,
                timezone: schedule.timezone
            })
            this.tasks.push(task)
            await task.start()
        }
        await this.catchUp()
    }

    /** Resolves when every slot queued so far has been handled. */
    idle(): Promise<void> {
        return this.queue
    }

    /** The next time each schedule fires. */
    nextRuns(): { name: ScheduleName; cron: string; timezone: string; next?: string }[] {
        return this.options.schedules.map((schedule, i) => ({ ...schedule, next: this.tasks[i]?.getNextRun()?.toISOString() }))
    }

    async stop(): Promise<void> {
        this.stopped = true
        for (const task of this.tasks) await task.destroy()
        this.tasks.length = 0
        await this.queue
    }

    private async catchUp(): Promise<void> {
        const now = this.now()
        for (const schedule of this.options.schedules) {
            const registeredAt = await this.options.store.scheduleRegisteredAt(schedule.name, now)
            const last = previousSlot(schedule.cron, schedule.timezone, new Date(now))
            if (last.getTime() <= registeredAt) continue
            if (await this.options.store.slotTaken(slotKey(schedule.name, last))) continue
            this.options.log.info(
                `[orquesta] evaluation: ${schedule.name} slot ${last.toISOString()} was missed while the server was down; running it now`
            )
            this.enqueue(schedule, last, true)
        }
    }

    private enqueue(schedule: Schedule, time: Date, catchUp: boolean): void {
        if (this.stopped) return
        if (this.waiting.has(schedule.name)) {
            this.options.log.warn(
                `[orquesta] evaluation: ${schedule.name} slot ${time.toISOString()} skipped: an earlier slot is still waiting`
            )
            return
        }
        this.waiting.add(schedule.name)
        const slot: Slot = { schedule, key: slotKey(schedule.name, time), time, catchUp }
        this.queue = this.queue.then(async () => {
            this.waiting.delete(schedule.name)
            if (this.stopped) return
            await this.runSlot(slot).catch((error: Error) =>
                this.options.log.error(`[orquesta] evaluation: ${slot.key} failed: ${error.message}`)
            )
        })
    }

    private async runSlot(slot: Slot): Promise<void> {
        const { lock, store } = this.options
        const slotLease = lock ? await lock.tryAcquire(`orquesta:evaluation:slot:${slot.key}`, SLOT_LEASE_MS) : undefined
        if (lock && !slotLease) return
        if (await store.slotTaken(slot.key)) return
        const active = lock ? await this.acquireActive(lock) : undefined
        if (this.stopped) {
            // Stopped while another replica's run went on: the slot was not run, so it is not
            // recorded, and its lease goes back so that another replica, or this one's
            // catch-up at the next start, can run it.
            await active?.release().catch(() => undefined)
            await slotLease?.release().catch(() => undefined)
            this.options.log.info(`[orquesta] evaluation: ${slot.key} not run: the scheduler stopped while another replica was evaluating`)
            return
        }
        const renew = active
            ? setInterval(() => void active.extend(ACTIVE_LEASE_MS).catch(() => undefined), ACTIVE_LEASE_MS / 3)
            : undefined
        try {
            await this.options.handle(slot)
        } finally {
            if (renew) clearInterval(renew)
            await active?.release().catch(() => undefined)
        }
    }

    /** Waits until no other replica is evaluating; resolves to undefined when stopped meanwhile. */
    private async acquireActive(lock: RedisLock): Promise<Lease | undefined> {
        for (;;) {
            if (this.stopped) return undefined
            const lease = await lock.tryAcquire('orquesta:evaluation:active', ACTIVE_LEASE_MS)
            if (lease) return lease
            await new Promise((resolve) => setTimeout(resolve, ACTIVE_POLL_MS))
        }
    }

    private now(): number {
        return (this.options.clock ?? Date.now)()
    }
}
