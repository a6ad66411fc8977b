// Run as a child process by the hostile-input tests, so that the test's own work cannot delay
// the measurement: asks `<url>` every 50 ms (the next ping starts when the previous one has
// answered) and prints `<start ms since epoch> <latency ms>` for each.
const [url] = process.argv.slice(2)
const INTERVAL_MS = 50

const main = async () => {
    for (;;) {
        const started = Date.now()
        const t0 = performance.now()
        const ok = await fetch(url, { signal: AbortSignal.timeout(30_000) }).then(
            (res) => res.ok,
            () => false
        )
        const ms = performance.now() - t0
        process.stdout.write(`${started} ${ok ? ms.toFixed(1) : 'failed'}\n`)
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, INTERVAL_MS - ms)))
    }
}
void main()
