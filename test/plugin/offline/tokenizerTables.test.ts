import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { getEncoding } from '@langchain/core/utils/tiktoken'
import { installOfflineTokenizerTables, tokenizerTablesServed } from '../../../plugin/offline/tokenizerTables'

describe('offline tokenizer tables', () => {
    installOfflineTokenizerTables()

    it("serves LangChain's tokenizer download from the installed js-tiktoken package, with no network", async () => {
        const started = Date.now()
        const encoding = await getEncoding('cl100k_base')
        assert.deepEqual(encoding.encode('hello world'), [15339, 1917])
        assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`)
        assert.ok((tokenizerTablesServed().cl100k_base ?? 0) >= 1)
    })

    it('answers 404 for an encoding the package does not have, instead of going to the network', async () => {
        const res = await fetch('https://tiktoken.pages.dev/js/no_such_encoding.json')
        assert.equal(res.status, 404)
    })

    it('lets every other request through untouched', async () => {
        const server = http.createServer((_req, res) => res.end('passed through'))
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
        try {
            const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
            assert.equal(await res.text(), 'passed through')
        } finally {
            server.close()
        }
    })

    it('installs once however often it is called', () => {
        const before = globalThis.fetch
        installOfflineTokenizerTables()
        assert.equal(globalThis.fetch, before)
    })
})
