import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidTracingConfigError, loadTracingConfig } from '../../../../plugin/observability/tracing/tracingConfig'

describe('loadTracingConfig', () => {
    it('turns nothing on without the usual variables', () => {
        const config = loadTracingConfig({})
        assert.equal(config.langfuse, undefined)
        assert.equal(config.langsmith, undefined)
        assert.equal(config.limits.maxQueued, 2_000)
    })

    it('reads Langfuse keys with LANGFUSE_HOST as the base URL, and LangSmith from the LANGCHAIN_* names', () => {
        const config = loadTracingConfig({
            LANGFUSE_PUBLIC_KEY: 'pk-lf-1',
            LANGFUSE_SECRET_KEY: 'sk-lf-1',
            LANGFUSE_HOST: 'http://langfuse.internal:3000',
            LANGCHAIN_TRACING_V2: 'true',
            LANGCHAIN_API_KEY: 'ls-1',
            LANGCHAIN_PROJECT: 'flows',
            ORQUESTA_TRACE_QUEUE_MAX: '50'
        })
        assert.deepEqual(config.langfuse, { baseUrl: 'http://langfuse.internal:3000', publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' })
        assert.deepEqual(config.langsmith, { endpoint: 'https://api.smith.langchain.com', apiKey: 'ls-1', project: 'flows' })
        assert.equal(config.limits.maxQueued, 50)
    })

    it('prefers LANGFUSE_BASEURL and the LANGSMITH_* names, and stays off with LANGSMITH_TRACING=false', () => {
        const config = loadTracingConfig({
            LANGFUSE_PUBLIC_KEY: 'pk',
            LANGFUSE_SECRET_KEY: 'sk',
            LANGFUSE_BASEURL: 'http://a:1',
            LANGFUSE_HOST: 'http://b:2',
            LANGSMITH_TRACING: 'false',
            LANGSMITH_API_KEY: 'ls'
        })
        assert.equal(config.langfuse?.baseUrl, 'http://a:1')
        assert.equal(config.langsmith, undefined)
    })

    it('refuses half a configuration with a message that names the variables and never their values', () => {
        for (const env of [
            { LANGFUSE_PUBLIC_KEY: 'pk-visible-value' },
            { LANGSMITH_TRACING: 'true' },
            { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk-visible-value', LANGFUSE_BASEURL: 'not a url' },
            { ORQUESTA_TRACE_EXPORT_TIMEOUT_MS: '-5' }
        ]) {
            assert.throws(
                () => loadTracingConfig(env),
                (error: Error) =>
                    error instanceof InvalidTracingConfigError &&
                    /LANG|ORQUESTA/.test(error.message) &&
                    !error.message.includes('visible-value')
            )
        }
    })
})
