import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { LiteLLMClient } from '../../../plugin/litellm/LiteLLMClient'
import { ModelListCache } from '../../../plugin/litellm/ModelListCache'
import { ProxyEndpoint } from '../../../plugin/litellm/ProxyEndpoint'
import { LiteLLMProxyError } from '../../../plugin/litellm/errors'
import { startPrefixProxy } from '../../support/prefixProxy'
import { startTestStack, type TestStack } from '../../support/stack'

const TTL_MS = 30_000

/** The real proxy behind a gateway that logs each request, and a cache on a clock the test moves. */
const setUp = async (stack: TestStack) => {
    const gateway = await startPrefixProxy(stack.litellm.url, '/gw')
    let now = 1_000_000
    const cache = new ModelListCache(
        (endpoint) => new LiteLLMClient(endpoint),
        TTL_MS,
        () => now
    )
    const endpoint = new ProxyEndpoint(gateway.url, stack.masterKey)
    const modelInfoCalls = () => gateway.requests.filter((r) => r.endsWith('/model/info')).length
    return { gateway, cache, endpoint, modelInfoCalls, advance: (ms: number) => (now += ms) }
}

describe('ModelListCache against the real proxy', () => {
    let stack: TestStack
    before(async () => {
        stack = await startTestStack()
    })
    after(async () => {
        await stack?.stop()
    })

    it('asks the proxy once per TTL, one request shared by concurrent callers', async () => {
        const { gateway, cache, endpoint, modelInfoCalls, advance } = await setUp(stack)
        try {
            const lists = await Promise.all([cache.get(endpoint), cache.get(endpoint), cache.get(endpoint)])
            assert.ok(lists[0].some((m) => m.name === 'budget'))
            assert.ok(lists.every((l) => l === lists[0]))
            advance(TTL_MS - 1)
            await cache.get(endpoint)
            assert.equal(modelInfoCalls(), 1)
        } finally {
            await gateway.stop()
        }
    })

    it('after the TTL, serves the last list at once and refreshes it in the background', async () => {
        const { gateway, cache, endpoint, modelInfoCalls, advance } = await setUp(stack)
        try {
            const first = await cache.get(endpoint)
            advance(TTL_MS)
            const served = await cache.get(endpoint)
            assert.equal(served, first, 'the expired list is served without waiting')
            // The refresh runs in the background; wait for its answer to be in place.
            let refreshed = await cache.get(endpoint)
            for (let i = 0; refreshed === first && i < 200; i++) {
                await new Promise((resolve) => setTimeout(resolve, 10))
                refreshed = await cache.get(endpoint)
            }
            assert.notEqual(refreshed, first, 'the background refresh replaced the list')
            assert.deepEqual(refreshed, first)
            assert.equal(modelInfoCalls(), 2)
        } finally {
            await gateway.stop()
        }
    })

    it('with fresh: true, waits for a new list once the TTL has passed', async () => {
        const { gateway, cache, endpoint, modelInfoCalls, advance } = await setUp(stack)
        try {
            const first = await cache.get(endpoint)
            advance(TTL_MS)
            const fresh = await cache.get(endpoint, { fresh: true })
            assert.notEqual(fresh, first)
            assert.equal(modelInfoCalls(), 2)
        } finally {
            await gateway.stop()
        }
    })

    it('while the proxy is unreachable, serves the last list and retries at most once a second', async () => {
        const gateway = await startPrefixProxy(stack.litellm.url, '/gw')
        const endpoint = new ProxyEndpoint(gateway.url, stack.masterKey)
        let now = 0
        let fetches = 0
        const cache = new ModelListCache(
            (e) => {
                fetches++
                return new LiteLLMClient(e)
            },
            TTL_MS,
            () => now
        )
        const first = await cache.get(endpoint)
        await gateway.stop()
        now += TTL_MS
        assert.equal(await cache.get(endpoint, { fresh: true }), first, 'a waiting caller gets the last list too')
        assert.equal(fetches, 2)
        for (let i = 0; i < 20; i++) {
            now += 40
            assert.equal(await cache.get(endpoint), first)
            await new Promise((resolve) => setTimeout(resolve, 5))
        }
        assert.equal(fetches, 2, 'no new request within a second of the failure')
        now += 1_000
        assert.equal(await cache.get(endpoint), first)
        assert.equal(fetches, 3, 'tried again after a second')

        const empty = new ModelListCache(
            (e) => new LiteLLMClient(e),
            TTL_MS,
            () => now
        )
        await assert.rejects(empty.get(endpoint), (error: unknown) => error instanceof LiteLLMProxyError && error.code === 'unreachable')
    })

    it('passes a wrong key on and keeps nothing', async () => {
        const { gateway, cache } = await setUp(stack)
        try {
            const wrong = new ProxyEndpoint(gateway.url, 'sk-wrong')
            await assert.rejects(cache.get(wrong), (error: unknown) => error instanceof LiteLLMProxyError && error.code === 'auth')
            await assert.rejects(cache.get(wrong), (error: unknown) => error instanceof LiteLLMProxyError && error.code === 'auth')
        } finally {
            await gateway.stop()
        }
    })
})
