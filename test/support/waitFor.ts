/**
 * Polls `condition` every 20 ms until it returns something other than undefined or false, and
 * resolves to that; fails naming `what` after `timeoutMs`.
 */
export const waitFor = async <T>(
    what: string,
    condition: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 10_000
): Promise<T> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
        const value = await condition()
        if (value !== undefined && value !== false) return value
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
    }
}
