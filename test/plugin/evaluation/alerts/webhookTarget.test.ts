import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkWebhookTarget } from '../../../../plugin/evaluation/alerts/webhookTarget'

describe('checkWebhookTarget', () => {
    for (const url of [
        'http://127.0.0.1:9/hook',
        'http://localhost/hook',
        'http://[::1]/hook',
        'http://10.1.2.3/hook',
        'http://192.168.0.10/hook',
        'http://172.16.5.5/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[fd00::1]/hook',
        'http://0.0.0.0/hook',
        'http://[::ffff:127.0.0.1]/hook'
    ]) {
        it(`refuses the internal target ${url} unless allowed`, async () => {
            await assert.rejects(checkWebhookTarget(url, false), /internal address .*ORQUESTA_ALERT_WEBHOOK_ALLOW_PRIVATE=true/)
            assert.equal((await checkWebhookTarget(url, true)).href, new URL(url).href)
        })
    }

    it('accepts a public address', async () => {
        assert.equal((await checkWebhookTarget('https://93.184.215.14/services/T0/B0/x', false)).hostname, '93.184.215.14')
    })

    it('refuses other schemes and credentials in the URL, and never echoes the path (its secret)', async () => {
        await assert.rejects(checkWebhookTarget('file:///etc/passwd', true), /file: is not http or https/)
        await assert.rejects(checkWebhookTarget('https://user:pw@hooks.example.com/x', true), /credentials/)
        await assert.rejects(checkWebhookTarget('not a url', true), /not an absolute URL/)
        await assert.rejects(checkWebhookTarget('http://127.0.0.1/services/SECRET-TOKEN', false), (error: Error) => {
            assert.ok(!error.message.includes('SECRET-TOKEN'))
            return true
        })
    })

    it('refuses a host name that does not resolve', async () => {
        await assert.rejects(checkWebhookTarget('https://no-such-host.invalid/hook', false), /does not resolve/)
    })
})
