import { lookup } from 'node:dns/promises'
import ipaddr from 'ipaddr.js'

/** Webhook URLs carry their secret in the path (Slack's do): messages show the origin only. */
const originOf = (url: string): string => {
    try {
        return new URL(url).origin
    } catch {
        return '(unparseable URL)'
    }
}

/** The alert webhook's URL is not allowed; says why and how to allow it. */
export class WebhookTargetError extends Error {
    constructor(url: string, reason: string) {
        super(`Alert webhook at ${originOf(url)} refused: ${reason}`)
        this.name = 'WebhookTargetError'
    }
}

/** Address ranges a webhook must not reach unless allowed: the host itself and its private networks. */
const INTERNAL_RANGES = new Set([
    'unspecified',
    'loopback',
    'private',
    'linkLocal',
    'uniqueLocal',
    'carrierGradeNat',
    'reserved',
    'broadcast'
])

const isInternal = (address: string): boolean => {
    const parsed = ipaddr.process(address)
    return INTERNAL_RANGES.has(parsed.range())
}

/**
 * Checks an alert webhook URL before each request: http(s) only, no credentials in the URL, and
 * every address its host name resolves to must be public unless private targets are allowed
 * (`ORQUESTA_ALERT_WEBHOOK_ALLOW_PRIVATE=true`, e.g. for a Slack-compatible relay on the LAN).
 */
export const checkWebhookTarget = async (url: string, allowPrivate: boolean): Promise<URL> => {
    let parsed: URL
    try {
        parsed = new URL(url)
    } catch {
        throw new WebhookTargetError(url, 'not an absolute URL')
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new WebhookTargetError(url, `${parsed.protocol} is not http or https`)
    if (parsed.username || parsed.password)
        throw new WebhookTargetError(url, 'credentials belong in a header or the path token, not in the URL')
    if (allowPrivate) return parsed
    const host = parsed.hostname.replace(/^\[|\]$/g, '')
    const addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address)
    if (addresses.length === 0) throw new WebhookTargetError(url, `${host} does not resolve`)
    const internal = addresses.filter(isInternal)
    if (internal.length > 0) {
        throw new WebhookTargetError(
            url,
            `${host} resolves to the internal address ${internal[0]}; set ORQUESTA_ALERT_WEBHOOK_ALLOW_PRIVATE=true to allow internal targets`
        )
    }
    return parsed
}
