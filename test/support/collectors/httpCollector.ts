import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** One request a collector received. */
export interface ReceivedRequest {
    readonly method: string
    readonly path: string
    readonly headers: http.IncomingHttpHeaders
    readonly body: string
}

/** How a collector behaves: answers, or accepts connections and never answers (a hung backend). */
export type CollectorMode = 'answer' | 'hang'

/** A real HTTP server on 127.0.0.1 (ephemeral port) that keeps every request it receives. */
export class HttpCollector {
    readonly requests: ReceivedRequest[] = []
    private server: http.Server | undefined
    private readonly sockets = new Set<Socket>()
    url = ''

    constructor(
        private readonly answer: (request: ReceivedRequest) => { status: number; body: unknown },
        private readonly mode: CollectorMode = 'answer'
    ) {}

    async start(): Promise<this> {
        this.server = http.createServer((req, res) => {
            const chunks: Buffer[] = []
            req.on('data', (chunk: Buffer) => chunks.push(chunk))
            req.on('end', () => {
                const received = {
                    method: req.method ?? '',
                    path: req.url ?? '',
                    headers: req.headers,
                    body: Buffer.concat(chunks).toString('utf8')
                }
                this.requests.push(received)
                if (this.mode === 'hang') return
                const { status, body } = this.answer(received)
                res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
            })
        })
        this.server.on('connection', (socket) => {
            this.sockets.add(socket)
            socket.on('close', () => this.sockets.delete(socket))
        })
        await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
        return this
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy()
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    }
}

/** An address where nothing listens: connections are refused. */
export const deadUrl = async (): Promise<string> => {
    const server = http.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    return `http://127.0.0.1:${port}`
}
