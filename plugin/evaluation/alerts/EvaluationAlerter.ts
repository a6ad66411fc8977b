import { improvementsOf } from '../report/compareRuns'
import type { Comparison, ComparisonRow } from '../types'
import { checkWebhookTarget } from './webhookTarget'

/** Where alerts go besides the metrics recorded for every run. */
export interface EvaluationAlerterOptions {
    readonly log: { info(message: string): void; warn(message: string): void; error(message: string): void }
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
    const { regressions } = comparison
    const improvements = improvementsOf(comparison)
    const text =
        `Orquesta: ${regressions.length} significant regression(s) and ${improvements.length} improvement(s) in suite "${suite}" ` +
        `(run ${comparison.candidateRunId} against ${comparison.baselineRunId})`
    const section = (title: string, rows: readonly ComparisonRow[]) =>
        rows.length === 0
            ? []
            : [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*\n${rows.map((r) => `• ${describeRow(r)}`).join('\n')}` } }]
    return {
        text,
        blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
            ...section('Regressions', regressions),
            ...section('Improvements', improvements)
        ]
    }
}

/**
 * Announces the significant changes of a comparison: a log line per regression (warning) or
 * improvement (info) and, when configured, one webhook message per comparison. Never throws: an
 * alert that cannot be delivered is logged.
 */
export class EvaluationAlerter {
    constructor(private readonly options: EvaluationAlerterOptions) {}

    async alert(comparison: Comparison, suite: string): Promise<void> {
        const improvements = improvementsOf(comparison)
        if (comparison.regressions.length === 0 && improvements.length === 0) return
        for (const row of comparison.regressions) this.options.log.warn(`[orquesta] evaluation regression: ${describeRow(row)}`)
        for (const row of improvements) this.options.log.info(`[orquesta] evaluation improvement: ${describeRow(row)}`)
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
