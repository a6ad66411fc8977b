import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const CHILD = path.resolve(__dirname, 'children', 'pinger.js')

/** One ping: when it started (ms since the epoch) and how long it took (ms; Infinity when it failed). */
export interface Ping {
    readonly at: number
    readonly ms: number
}

/** Pings a URL every 50 ms from a child process while the test runs. */
export class Pinger {
    readonly pings: Ping[] = []
    private child?: ChildProcess

    constructor(private readonly url: string) {}

    async start(): Promise<void> {
        const child = spawn(process.execPath, [CHILD, this.url], { stdio: ['ignore', 'pipe', 'inherit'] })
        this.child = child
        let rest = ''
        child.stdout!.on('data', (chunk: Buffer) => {
            const lines = (rest + chunk.toString()).split('\n')
            rest = lines.pop() ?? ''
            for (const line of lines) {
                const [at, ms] = line.split(' ')
                this.pings.push({ at: Number(at), ms: ms === 'failed' ? Infinity : Number(ms) })
            }
        })
        const count = this.pings.length
        await new Promise<void>((resolve, reject) => {
            const check = setInterval(() => {
                if (this.pings.length > count) {
                    clearInterval(check)
                    resolve()
                }
            }, 20)
            child.once('exit', (code) => {
                clearInterval(check)
                reject(new Error(`the pinger exited (${code})`))
            })
        })
    }

    /** Pings that started in [from, to] (ms since the epoch). */
    between(from: number, to: number): Ping[] {
        return this.pings.filter((p) => p.at >= from && p.at <= to)
    }

    stop(): void {
        this.child?.kill()
    }
}
