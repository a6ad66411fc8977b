import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { OrquestaMetrics } from '../../../plugin/observability/metrics'
import { ROOT } from '../../../scripts/lib/paths'

const DIR = path.join(ROOT, 'plugin', 'observability')
const ALERTS = path.join(DIR, 'prometheus', 'alerts.yml')
const DASHBOARD = path.join(DIR, 'grafana', 'orquesta-dashboard.json')
const OURS = /\b(?:gen_ai_|orquesta_|model_selections|orchestration_|flow_generations)[a-z0-9_]*/g

/** Series names the plugin exports (with the suffixes Prometheus adds to histograms), and its label names. */
const exported = async (): Promise<{ series: Set<string>; labels: Set<string> }> => {
    const registry = new OrquestaMetrics({ defaultMetrics: false }).registry
    const metrics = await registry.getMetricsAsJSON()
    const series = new Set(
        metrics.flatMap((m) => (String(m.type) === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => `${m.name}${s}`) : [m.name]))
    )
    const labels = new Set(registry.getMetricsAsArray().flatMap((m) => (m as unknown as { labelNames?: string[] }).labelNames ?? []))
    return { series, labels }
}

describe('dashboard and alert rules', () => {
    it('the alert rules are valid for Prometheus (promtool)', () => {
        if (!existsSync('/usr/bin/promtool'))
            throw new Error('/usr/bin/promtool is missing: install the prometheus package (npm test does as root)')
        const out = execFileSync('/usr/bin/promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' })
        assert.match(out, /SUCCESS: 8 rules found/)
    })

    it('every series the dashboard and the alerts use is one the plugin exports', async () => {
        const { series, labels } = await exported()
        const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] }
        const texts = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), readFileSync(ALERTS, 'utf8')]
        const used = texts.flatMap((text) => [...text.matchAll(OURS)].map((m) => m[0])).filter((name) => !labels.has(name))
        assert.ok(used.length > 20)
        for (const name of used) assert.ok(series.has(name), `${name} is not exported`)
    })
})
