import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { parse } from 'yaml'
import { ROOT } from '../../scripts/lib/paths'

/**
 * What can be checked of the production files without pulling images: the compose file's
 * structure and every file it mounts, Prometheus' configuration with promtool (rules included),
 * and Grafana's provisioning against the dashboard the observability tests check.
 */
interface ComposeService {
    image?: string
    build?: { context: string; args?: Record<string, string> }
    command?: string[]
    environment?: Record<string, string>
    volumes?: string[]
    secrets?: string[]
}
interface Compose {
    services: Record<string, ComposeService>
    secrets: Record<string, { file: string }>
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }
const prometheusConfig = parse(readFileSync(path.join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8')) as {
    rule_files: string[]
    scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[]; authorization: { credentials_file: string } }[]
}

/** A service's bind mounts: host path (resolved against the compose file, `${VAR:-default}` → default) → container path. */
const mounts = (service: ComposeService): Map<string, string> =>
    new Map(
        (service.volumes ?? [])
            .map((v) => v.replace(/^\$\{[A-Z_]+:-([^}]+)\}/, '$1').split(':'))
            .filter(([host]) => host.startsWith('.'))
            .map(([host, target]) => [path.resolve(ROOT, host), target])
    )
const mountTarget = (service: ComposeService, hostPath: string): string | undefined => mounts(service).get(path.join(ROOT, hostPath))

const work = mkdtempSync(path.join(os.tmpdir(), 'orquesta-deploy-'))
after(() => rmSync(work, { recursive: true, force: true }))

describe('the production compose file', () => {
    it('runs Flowise with Orquesta as server and worker in queue mode, on PostgreSQL and Redis', () => {
        const { flowise, 'flowise-worker': worker } = compose.services
        assert.deepEqual(flowise.command, ['start'])
        assert.deepEqual(worker.command, ['worker'])
        assert.equal(worker.image, flowise.image, 'the worker runs the same image')
        for (const env of [flowise.environment!, worker.environment!]) {
            assert.equal(env.MODE, 'queue')
            assert.equal(env.DATABASE_TYPE, 'postgres')
            assert.equal(env.DATABASE_HOST, 'postgres')
            assert.equal(env.REDIS_URL, 'redis://redis:6379')
            assert.equal(env.LITELLM_PROXY_URL, 'http://litellm:4000')
            assert.match(env.LITELLM_MASTER_KEY, /^\$\{LITELLM_MASTER_KEY:\?/, 'the master key comes from the environment, required')
        }
        assert.equal(flowise.build?.args?.ORQUESTA_TARBALL, `${manifest.name}-${manifest.version}.tgz`, 'the image adds the packed tarball')
        const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
        assert.match(dockerfile, new RegExp(`ARG ORQUESTA_TARBALL=${manifest.name}-${manifest.version}\\.tgz`))
        assert.match(dockerfile, /ENTRYPOINT \["orquesta-flowise"\]/)
    })

    it('runs the LiteLLM proxy with its keys from the environment and the config mounted', () => {
        const { litellm } = compose.services
        assert.match(litellm.environment!.LITELLM_MASTER_KEY, /^\$\{LITELLM_MASTER_KEY:\?/)
        for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY'])
            assert.equal(litellm.environment![key], `\${${key}:-}`, `${key} from the environment`)
        // The crash work-around (litellm-patches/sitecustomize.py) is mounted and on the proxy's path.
        assert.equal(litellm.environment!.PYTHONPATH, mountTarget(litellm, 'litellm-patches'))
        const config = mountTarget(litellm, 'litellm-config.yaml')
        assert.equal(config, '/app/config.yaml')
        assert.ok(litellm.command!.join(' ').includes(`--config ${config}`))
        const pinned = /litellm\[proxy\]==([\d.]+)/.exec(readFileSync(path.join(ROOT, 'requirements-litellm.in'), 'utf8'))![1]
        assert.ok(litellm.image!.endsWith(`v${pinned}`), `the proxy image is the pinned ${pinned}`)
    })

    it('mounts only files that exist in the repository', () => {
        for (const [name, service] of Object.entries(compose.services))
            for (const hostPath of mounts(service).keys()) assert.ok(existsSync(hostPath), `${name} mounts ${hostPath}, which exists`)
    })

    it("has Prometheus scrape Flowise's /metrics with the token, and load the alert rules", () => {
        const { prometheus } = compose.services
        assert.equal(mountTarget(prometheus, 'deploy/prometheus/prometheus.yml'), '/etc/prometheus/prometheus.yml')
        const rules = mountTarget(prometheus, 'plugin/observability/prometheus/alerts.yml')
        assert.deepEqual(prometheusConfig.rule_files, [rules])
        const [scrape] = prometheusConfig.scrape_configs
        assert.equal(scrape.metrics_path, '/metrics')
        assert.deepEqual(scrape.static_configs[0].targets, [`flowise:${compose.services.flowise.environment!.PORT}`])
        assert.deepEqual(prometheus.secrets, ['orquesta_metrics_token'])
        assert.equal(scrape.authorization.credentials_file, '/run/secrets/orquesta_metrics_token')
        assert.ok(compose.secrets.orquesta_metrics_token.file)
    })

    it('has a Prometheus configuration promtool accepts, rules included', () => {
        if (!existsSync('/usr/bin/promtool'))
            throw new Error('/usr/bin/promtool is missing: install the prometheus package (npm test does as root)')
        // The same configuration with the container paths replaced by the files they mount.
        const token = path.join(work, 'token')
        writeFileSync(token, 'a-token')
        const config = path.join(work, 'prometheus.yml')
        writeFileSync(
            config,
            readFileSync(path.join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8')
                .replace(prometheusConfig.rule_files[0], path.join(ROOT, 'plugin', 'observability', 'prometheus', 'alerts.yml'))
                .replace(prometheusConfig.scrape_configs[0].authorization.credentials_file, token)
        )
        const out = execFileSync('/usr/bin/promtool', ['check', 'config', config], { encoding: 'utf8' })
        assert.match(out, /SUCCESS: .*prometheus\.yml is valid prometheus config file syntax/)
        assert.match(out, /SUCCESS: 8 rules found/)
    })

    it('provisions Grafana with the Prometheus data source and the dashboard the observability tests check', () => {
        const { grafana } = compose.services
        assert.equal(mountTarget(grafana, 'deploy/grafana/provisioning'), '/etc/grafana/provisioning')
        const dashboards = mountTarget(grafana, 'plugin/observability/grafana')
        const provider = parse(readFileSync(path.join(ROOT, 'deploy/grafana/provisioning/dashboards/orquesta.yml'), 'utf8')) as {
            providers: { type: string; options: { path: string } }[]
        }
        assert.equal(provider.providers[0].type, 'file')
        assert.equal(provider.providers[0].options.path, dashboards)
        const source = parse(readFileSync(path.join(ROOT, 'deploy/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
            datasources: { type: string; url: string }[]
        }
        assert.equal(source.datasources[0].type, 'prometheus')
        assert.equal(source.datasources[0].url, 'http://prometheus:9090')
        const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'plugin/observability/grafana/orquesta-dashboard.json'), 'utf8')) as {
            templating: { list: { type: string; query: string; name: string }[] }
            panels: { datasource: { uid: string } }[]
        }
        const variable = dashboard.templating.list.find((v) => v.type === 'datasource')
        assert.equal(variable?.query, source.datasources[0].type, "the dashboard's data source variable picks the provisioned one")
        for (const panel of dashboard.panels) assert.equal(panel.datasource.uid, `\${${variable.name}}`)
    })
})
