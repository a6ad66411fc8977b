/**
 * The page's script, run in the browser as a plain script: its imports are types only (erased),
 * and uPlot is the global the bundled library defines. It reads the plugin's routes as Flowise's
 * own UI does: with the session cookie and `x-request-from: internal`, refreshing the session
 * once on a 401.
 */
import type UPlot from 'uplot'
import type { DashboardData as Data } from '../dashboardData'
import type { Estimate } from '../../evaluation/types'

declare const uPlot: typeof UPlot

;(() => {
    const API = '/api/v1/orquesta'
    const INTERNAL = { 'x-request-from': 'internal' }

    class SignInNeeded extends Error {}

    const call = async <T>(route: string, init: RequestInit = {}): Promise<T> => {
        const send = () =>
            fetch(`${API}${route}`, {
                ...init,
                credentials: 'same-origin',
                headers: { ...INTERNAL, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) }
            })
        let res = await send()
        if (res.status === 401) {
            const refreshed = await fetch('/api/v1/auth/refreshToken', { method: 'POST', credentials: 'same-origin', headers: INTERNAL })
            if (refreshed.ok) res = await send()
        }
        if (res.status === 401) throw new SignInNeeded('Sign in to Flowise first')
        const body = (await res.json().catch(() => ({}))) as { error?: string }
        if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`)
        return body as T
    }

    const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
    const cell = (text: string, className?: string): HTMLTableCellElement => {
        const td = document.createElement('td')
        td.textContent = text
        if (className) td.className = className
        return td
    }
    /** Fills a table's body with rows of cells; an empty list shows `empty`. */
    const fill = (tableId: string, rows: HTMLTableCellElement[][], empty: string) => {
        const body = byId<HTMLTableElement>(tableId).tBodies[0]
        body.replaceChildren()
        if (rows.length === 0) {
            const td = cell(empty, 'empty')
            td.colSpan = byId<HTMLTableElement>(tableId).tHead?.rows[0].cells.length ?? 1
            rows = [[td]]
        }
        for (const cells of rows) {
            const tr = document.createElement('tr')
            tr.append(...cells)
            body.append(tr)
        }
    }
    const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–')
    const interval = (e: Estimate) => `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}] n=${e.n}`
    const ms = (x?: number) => (x === undefined ? '–' : `${Math.round(x)} ms`)
    const usd = (x?: number) => (x === undefined ? '–' : x.toFixed(x < 0.01 ? 6 : 4))
    const time = (at?: number | string) => (at === undefined ? '–' : new Date(at).toISOString().replace('T', ' ').slice(0, 19) + ' UTC')

    const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04']
    const plots: UPlot[] = []

    const plot = (
        targetId: string,
        trends: Data['trends'],
        value: (p: Data['trends'][string][number]) => number | undefined,
        withInterval: boolean
    ) => {
        const target = byId(targetId)
        target.replaceChildren()
        const models = Object.keys(trends).sort()
        const xs = [...new Set(models.flatMap((m) => trends[m].map((p) => p.at)))].sort((a, b) => a - b)
        if (xs.length === 0) {
            target.textContent = 'No completed runs yet.'
            target.className = 'empty'
            return
        }
        target.className = ''
        const series: UPlot.Series[] = [{}]
        const data: (number | null)[][] = [xs.map((x) => x / 1000)]
        models.forEach((model, i) => {
            const at = new Map(trends[model].map((p) => [p.at, p]))
            const stroke = COLORS[i % COLORS.length]
            series.push({ label: model, stroke, width: 2, points: { show: true } })
            data.push(xs.map((x) => (at.has(x) ? (value(at.get(x)!) ?? null) : null)))
            if (withInterval)
                for (const bound of ['low', 'high'] as const) {
                    series.push({ label: `${model} 95% ${bound}`, stroke, width: 1, dash: [4, 4] })
                    data.push(xs.map((x) => (at.has(x) ? at.get(x)!.score[bound] : null)))
                }
        })
        const width = Math.max(360, target.clientWidth || 480)
        plots.push(new uPlot({ width, height: 220, series, scales: { x: { time: true } } }, data as UPlot.AlignedData, target))
    }

    const render = (data: Data) => {
        const scope = byId<HTMLSelectElement>('leaderboard-scope')
        if (scope.options.length === 0) {
            for (const name of Object.keys(data.leaderboards)) scope.add(new Option(name, name))
            scope.onchange = () => renderLeaderboard(data)
        }
        renderLeaderboard(data)
        while (plots.length) plots.pop()!.destroy()
        plot('score-plot', data.trends, (p) => p.score.value, true)
        plot('latency-plot', data.trends, (p) => p.p50LatencyMs, false)
        fill(
            'changes',
            data.changes.map((row) => [
                cell(row.verdict, row.verdict),
                cell(row.model),
                cell(row.scope),
                cell(`${pct(row.baselinePassRate)} → ${pct(row.candidatePassRate)}`, 'num'),
                cell(`${pct(row.scoreDelta.value)} [${pct(row.scoreDelta.low)}, ${pct(row.scoreDelta.high)}]`, 'num'),
                cell(String(row.pairedCases), 'num'),
                cell(row.adjustedP.toPrecision(2), 'num'),
                cell(row.reason)
            ]),
            'No significant change between the latest runs and their previous runs.'
        )
        renderFlows(data)
        const r = data.routing
        byId('routing-summary').textContent =
            r.calls === 0
                ? 'No routing decisions in this server process yet.'
                : `${r.calls} calls since ${time(r.since)}: ${r.outcomes.ok} answered, ${r.outcomes.error} failed, ${r.outcomes['no-candidate']} without a candidate; ${r.fallbackCalls} needed a fallback; cost ${usd(r.costUsd)} USD.`
        fill(
            'routing-models',
            r.models.map((m) => [cell(m.model), cell(String(m.calls), 'num'), cell(pct(m.share), 'num'), cell(usd(m.costUsd), 'num')]),
            'No answered calls.'
        )
        const pairs = (o: Record<string, number>) =>
            Object.entries(o)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ') || 'none'
        byId('routing-extra').textContent = `Fallbacks by model: ${pairs(r.fallbacksByModel)}. Exclusions: ${pairs(r.exclusions)}.`
        byId('catalog-summary').textContent = data.catalog
            ? `${data.catalog.total} nodes: ${pairs(data.catalog.byCategory)}. ${data.catalog.failures.length} files failed to load.`
            : 'The catalog is being built.'
        fill(
            'catalog-failures',
            (data.catalog?.failures ?? []).map((f) => [cell(f.filePath), cell(f.message)]),
            'Every node file loaded.'
        )
        fill(
            'schedules',
            data.schedules.list.map((s) => [cell(s.name), cell(s.cron), cell(s.timezone), cell(time(s.next))]),
            data.schedules.enabled ? 'No schedules.' : 'Schedules are off (ORQUESTA_EVAL_SCHEDULES).'
        )
        fill(
            'runs',
            data.runs.map((run) => [
                cell(time(run.startedAt)),
                cell(run.trigger),
                cell(run.models.join(', ')),
                cell(run.status + (run.error ? `: ${run.error}` : '')),
                cell(`${run.recordedResults}/${run.expectedResults}`, 'num')
            ]),
            'No runs yet.'
        )
    }

    const renderLeaderboard = (data: Data) => {
        const rows = data.leaderboards[byId<HTMLSelectElement>('leaderboard-scope').value] ?? []
        fill(
            'leaderboard',
            rows.map((row) => [
                cell(String(row.rank), 'num'),
                cell(row.model),
                cell(interval(row.score), 'num'),
                cell(interval(row.passRate), 'num'),
                cell(ms(row.p50LatencyMs), 'num'),
                cell(usd(row.perRequestUsd), 'num')
            ]),
            'No model has a completed run in this category.'
        )
    }

    const renderFlows = (data: Data) => {
        const host = byId('flows')
        host.replaceChildren()
        if (data.flows.length === 0) {
            host.textContent = 'No flow evaluations yet (POST /api/v1/orquesta/evaluations/flows/runs).'
            host.className = 'empty'
            return
        }
        host.className = ''
        for (const entry of data.flows) {
            const title = document.createElement('h3')
            title.textContent = `${time(entry.run.startedAt)} · ${entry.run.suiteName} · ${entry.run.status} (${entry.run.recordedResults}/${entry.run.expectedResults})`
            const table = document.createElement('table')
            table.className = 'flow-run'
            table.innerHTML =
                '<thead><tr><th>Flow</th><th>Score (95% interval)</th><th>Pass rate</th><th>p50 latency</th><th>Cost (USD)</th><th>Provider calls / case</th></tr></thead><tbody></tbody>'
            const id = `flow-run-${entry.run.id}`
            table.id = id
            host.append(title, table)
            fill(
                id,
                entry.flows.map((f) => [
                    cell(f.name),
                    cell(interval(f.score), 'num'),
                    cell(interval(f.passRate), 'num'),
                    cell(ms(f.p50LatencyMs), 'num'),
                    cell(usd(f.totalUsd), 'num'),
                    cell(f.providerCallsPerCase === undefined ? '–' : f.providerCallsPerCase.toFixed(2), 'num')
                ]),
                'No results yet.'
            )
            if (entry.comparisons.length === 0) continue
            const names = new Map(entry.flows.map((f) => [`flow:${f.chatflowId}`, f.name]))
            const compared = document.createElement('table')
            compared.className = 'flow-comparison'
            compared.id = `${id}-comparison`
            compared.innerHTML =
                '<thead><tr><th>Comparison</th><th>Scope</th><th>Verdict</th><th>Pass rate</th><th>Score Δ (95% interval)</th><th>Holm p</th></tr></thead><tbody></tbody>'
            host.append(compared)
            fill(
                compared.id,
                entry.comparisons.map((row) => [
                    cell(row.model.replace(/flow:[^ ]+/g, (label) => names.get(label) ?? label)),
                    cell(row.scope),
                    cell(row.verdict, row.verdict),
                    cell(`${pct(row.baselinePassRate)} → ${pct(row.candidatePassRate)}`, 'num'),
                    cell(`${pct(row.scoreDelta.value)} [${pct(row.scoreDelta.low)}, ${pct(row.scoreDelta.high)}]`, 'num'),
                    cell(row.adjustedP.toPrecision(2), 'num')
                ]),
                ''
            )
        }
    }

    const status = byId('status')
    const showError = (error: unknown) => {
        status.className = 'error'
        if (error instanceof SignInNeeded) {
            status.replaceChildren('Not signed in: ')
            const link = document.createElement('a')
            link.href = '/signin'
            link.textContent = 'sign in to Flowise'
            status.append(link, ', then reload this page.')
        } else status.textContent = (error as Error).message
    }

    const load = async () => {
        try {
            const data = await call<Data>('/ui/data')
            render(data)
            status.className = ''
            status.textContent = `Updated ${time(data.generatedAt)}`
            document.body.dataset.loaded = data.generatedAt
        } catch (error) {
            showError(error)
        }
    }

    byId<HTMLFormElement>('start-form').addEventListener('submit', (event) => {
        event.preventDefault()
        const models = byId<HTMLInputElement>('start-models')
            .value.split(',')
            .map((m) => m.trim())
            .filter(Boolean)
        const result = byId('start-result')
        result.className = ''
        result.textContent = 'Starting…'
        call<{ run: { id: string; expectedResults: number } }>('/evaluations/runs', {
            method: 'POST',
            body: JSON.stringify(models.length ? { models } : {})
        }).then(
            ({ run }) => {
                result.textContent = `Run ${run.id} started (${run.expectedResults} answers).`
                result.dataset.runId = run.id
                void load()
            },
            (error: unknown) => {
                result.className = 'error'
                result.textContent = `Not started: ${(error as Error).message}`
            }
        )
    })

    void load()
    // Every minute: building the data reads the latest runs' results.
    setInterval(() => void load(), 60_000)
})()
