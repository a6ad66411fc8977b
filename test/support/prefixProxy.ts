import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A reverse proxy on 127.0.0.1 that serves `target` under a path prefix (`/litellm/...` →
 * `target/...`), as a gateway in front of LiteLLM does; anything outside the prefix is a 404.
 * `requests` lists the paths it was asked for, in order.
 */
export const startPrefixProxy = async (
    target: string,
    prefix: string
): Promise<{ url: string; requests: string[]; stop(): Promise<void> }> => {
    const requests: string[] = []
    const server = http.createServer((req, res) => {
        requests.push(req.url ?? '')
        if (!req.url?.startsWith(`${prefix}/`)) return void res.writeHead(404).end('outside the prefix')
        const upstream = http.request(
            new URL(req.url.slice(prefix.length), target),
            { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
            (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers)
                answer.pipe(res)
            }
        )
        upstream.on('error', () => res.destroy())
        req.pipe(upstream)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`,
        requests,
        stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
    }
}
