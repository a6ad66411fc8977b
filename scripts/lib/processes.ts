import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import net from 'node:net'

/** A child service started by the scripts or the tests. */
export interface Service {
    readonly name: string
    readonly url: string
    readonly logFile: string
    readonly process: ChildProcess
    stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
    new Promise((resolve, reject) => {
        const server = net.createServer()
        server.unref()
        server.on('error', reject)
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as net.AddressInfo
            server.close(() => resolve(port))
        })
    })

const tail = (file: string, lines = 40): string => {
    try {
        return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
    } catch {
        return '(no log)'
    }
}

const isReady = async (options: StartOptions): Promise<boolean> => {
    if (options.readyLog) return options.readyLog.test(tail(options.logFile, 200))
    try {
        const res = await fetch(options.readyUrl!, { signal: AbortSignal.timeout(1_000) })
        return res.ok
    } catch {
        return false // not listening yet
    }
}

export interface StartOptions {
    readonly name: string
    readonly command: string
    readonly args: readonly string[]
    readonly env: NodeJS.ProcessEnv
    readonly cwd: string
    readonly logFile: string
    /** URL polled until it answers 2xx. */
    readonly readyUrl?: string
    /** Or: a line the service writes to its log once it is ready. */
    readonly readyLog?: RegExp
    /** The service's base URL, reported to callers. */
    readonly url: string
    readonly timeoutMs: number
}

/**
 * Starts a process, sends its output to a log file, and resolves once `readyUrl` answers;
 * rejects with the log's tail when the process exits first or the time runs out.
 */
export const startService = async (options: StartOptions): Promise<Service> => {
    const log = createWriteStream(options.logFile, { flags: 'a' })
    const child = spawn(options.command, [...options.args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.pipe(log)
    child.stderr?.pipe(log)
    let exited: number | null | undefined
    let stopping = false
    let ready = false
    const exitedPromise = new Promise<void>((resolve) =>
        child.once('exit', (code, signal) => {
            exited = code
            // A service that dies under a test makes every later call fail with "connection refused":
            // say so once, with its log, so that the failure explains itself.
            if (!stopping && ready)
                console.error(
                    `[${options.name}] exited unexpectedly (code ${code}, signal ${signal}). Log ${options.logFile}:\n${tail(options.logFile)}`
                )
            resolve()
        })
    )
    const stop = async () => {
        stopping = true
        if (exited !== undefined) return
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exitedPromise
        clearTimeout(timer)
    }
    const deadline = Date.now() + options.timeoutMs
    while (Date.now() < deadline) {
        if (exited !== undefined) {
            throw new Error(
                `${options.name} exited with code ${exited} before it was ready. Log ${options.logFile}:\n${tail(options.logFile)}`
            )
        }
        if (await isReady(options)) {
            ready = true
            return { name: options.name, url: options.url, logFile: options.logFile, process: child, stop }
        }
        await new Promise((resolve) => setTimeout(resolve, 200))
    }
    await stop()
    throw new Error(`${options.name} was not ready within ${options.timeoutMs} ms. Log ${options.logFile}:\n${tail(options.logFile)}`)
}
