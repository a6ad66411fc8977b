import type { Comparison, ComparisonRow } from '../types'
import { checkWebhookTarget } from './webhookTarget'

/** Where regression alerts go besides the metric the service records. */
export interface RegressionAlerterOptions {
    readonly log: { warn(message: string): void; error(message: string): void }
    readonly webhook?: { readonly url: string; readonly allowPrivate: boolean }
    /** Time limit of a webhook request (ms). */
    readonly timeoutMs?: number
}

const describeRow = (row: ComparisonRow): string =>
    `${row.model} / ${row.scope}: score ${row.baselineScore.toFixed(2)} → ${row.candidateScore.toFixed(2)} ` +
    `(pass rate ${(row.baselinePassRate * 100).toFixed(0)}% → ${(row.candidatePassRate * 100).toFixed(0)}%, ` +
    `${row.pairedCases} paired cases, adjusted p = ${row.adjustedP.toPrecision(2)})`

/** The webhook body: Slack's incoming-webhook format (`text`, with `blocks` for rich clients). */
export const slackMessage = (comparison: Comparison, suite: string): { text: string; blocks: unknown[] } => {
    const lines = comparison.regressions.map(describeRow)
    const text = `Orquesta: ${lines.length} significant regression(s) in suite "${suite}" (run ${comparison.candidateRunId} against ${comparison.baselineRunId})`
    return {
        text,
        blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
            { type: 'section', text: { type: 'mrkdwn', text: lines.map((l) => `• ${l}`).join('\n') } }
        ]
    }
}

/**
 * Announces significant regressions: a log line per regression and, when configured, one
 * webhook message per comparison. Never throws: an alert that cannot be delivered is logged.
 */
export class RegressionAlerter {
    constructor(private readonly options: RegressionAlerterOptions) {}

    async alert(comparison: Comparison, suite: string): Promise<void> {
        if (comparison.regressions.length === 0) return
        for (const row of comparison.regressions) this.options.log.warn(`[orquesta] evaluation regression: ${describeRow(row)}`)
        const webhook = this.options.webhook
        if (!webhook) return
        try {
            const target = await checkWebhookTarget(webhook.url, webhook.allowPrivate)
            const response = await fetch(target, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(slackMessage(comparison, suite)),
                redirect: 'error',
                signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000)
            })
            if (!response.ok) throw new Error(`HTTP ${response.status}`)
        } catch (error) {
            this.options.log.error(`[orquesta] evaluation alert webhook failed: ${(error as Error).message}`)
        }
    }
}
