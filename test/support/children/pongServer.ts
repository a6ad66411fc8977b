// Run as a child process by the hostile-input tests: an idle HTTP server answering `pong`, the
// control that tells a stall of Flowise's event loop from the whole machine being starved.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

const server = http.createServer((_req, res) => res.end('pong'))
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`))
