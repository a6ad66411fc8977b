import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { describe, it } from 'node:test'
import { cloneDeep } from 'lodash'
import { ProxyEndpoint } from '../../../plugin/litellm/ProxyEndpoint'
import { ProxyEndpointError, resolveProxyEndpoint } from '../../../plugin/litellm/resolveEndpoint'

const server = { url: 'http://127.0.0.1:4000', key: 'sk-server-master' }

describe('resolveProxyEndpoint: the server key goes only to the server proxy', () => {
    it('without a credential, uses the server proxy and its key', () => {
        const endpoint = resolveProxyEndpoint(server)
        assert.equal(endpoint.baseUrl, 'http://127.0.0.1:4000')
        assert.equal(endpoint.apiKey, 'sk-server-master')
    })

    it('gives the same endpoint for the same settings, and another for another key', () => {
        const credential = { url: 'https://gw.example.com/litellm', key: 'sk-own' }
        const endpoint = resolveProxyEndpoint(server, credential)
        assert.equal(resolveProxyEndpoint(server, { ...credential }), endpoint)
        const other = resolveProxyEndpoint(server, { ...credential, key: 'sk-other' })
        assert.notEqual(other, endpoint)
        assert.equal(other.apiKey, 'sk-other')
        assert.notEqual(other.id, endpoint.id)
        assert.ok(!endpoint.id.includes('sk-own'), 'the id holds a hash of the key, not the key')
    })

    it('a credential naming another proxy without a key is refused, never given the server key', () => {
        assert.throws(
            () => resolveProxyEndpoint(server, { url: 'http://127.0.0.1:9999' }),
            (error: unknown) =>
                error instanceof ProxyEndpointError &&
                /names the proxy http:\/\/127\.0\.0\.1:9999.*no API key of its own/.test(error.message) &&
                !error.message.includes('sk-server-master')
        )
    })

    it('a credential naming another proxy is used with its own key only', () => {
        const endpoint = resolveProxyEndpoint(server, { url: 'https://gw.example.com/litellm/', key: 'sk-own' })
        assert.equal(endpoint.baseUrl, 'https://gw.example.com/litellm')
        assert.equal(endpoint.apiKey, 'sk-own')
    })

    it('a credential naming the server proxy (any spelling) may use the server key', () => {
        for (const url of ['http://127.0.0.1:4000/', 'http://127.0.0.1:4000/v1', 'HTTP://127.0.0.1:4000']) {
            assert.equal(resolveProxyEndpoint(server, { url }).apiKey, 'sk-server-master', url)
        }
    })

    it("a credential's key without a URL goes to the server proxy", () => {
        const endpoint = resolveProxyEndpoint(server, { key: 'sk-virtual' })
        assert.equal(endpoint.baseUrl, 'http://127.0.0.1:4000')
        assert.equal(endpoint.apiKey, 'sk-virtual')
    })

    it('rejects URLs that are not http(s), or carry a query, naming where they came from', () => {
        for (const url of ['file:///etc/passwd', 'ftp://x.example', 'not a url', 'http://x.example/?a=1']) {
            assert.throws(() => resolveProxyEndpoint(server, { url, key: 'k' }), /credential's Proxy URL/, url)
        }
        assert.throws(() => resolveProxyEndpoint({ url: 'nope' }), /LITELLM_PROXY_URL/)
    })
})

describe('ProxyEndpoint', () => {
    it('joins paths under a path prefix', () => {
        const endpoint = new ProxyEndpoint('https://gw.example.com/litellm/', 'k')
        assert.equal(endpoint.url('/model/info'), 'https://gw.example.com/litellm/model/info')
        assert.equal(endpoint.url('v1'), 'https://gw.example.com/litellm/v1')
    })

    it('never shows its key through inspect, console formatting or JSON', () => {
        const endpoint = new ProxyEndpoint('http://127.0.0.1:4000', 'sk-secret-value')
        const holder = { endpoint, nested: { deeper: [endpoint] } }
        for (const text of [
            inspect(holder, { depth: 10 }),
            inspect(endpoint, { showHidden: true, depth: 10 }),
            JSON.stringify(holder),
            `${String(Object.keys(endpoint))}`
        ]) {
            assert.ok(!text.includes('sk-secret-value'), text)
        }
        assert.equal(endpoint.apiKey, 'sk-secret-value')
    })

    it('keeps its key through the deep clone Flowise makes of node instances', () => {
        const clone = cloneDeep({ endpoint: new ProxyEndpoint('http://127.0.0.1:4000', 'sk-secret-value') }).endpoint
        assert.equal(clone.apiKey, 'sk-secret-value')
        assert.equal(clone.url('/v1'), 'http://127.0.0.1:4000/v1')
    })
})
