import parser from 'cron-parser'

/** The latest time at or before `now` that a cron expression fires, in its time zone. */
export const previousSlot = (cron: string, timezone: string, now: Date): Date => {
    // cron-parser's prev() is strictly before currentDate; a tick exactly at `now` counts as due.
    const iterator = parser.parseExpression(cron, { tz: timezone, currentDate: new Date(now.getTime() + 1) })
    return iterator.prev().toDate()
}
