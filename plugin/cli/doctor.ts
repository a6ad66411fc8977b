import path from 'node:path'
import { loadPluginConfig } from '../config'
import { checkConfiguration } from '../configurationCheck'
import { loadEvaluationConfig } from '../evaluation/evaluationConfig'
import { checkFlowiseVersion } from '../host/flowiseVersion'
import { resolvePackage, SHARED_PACKAGES, type SharedPackage } from '../host/sharedPackages'
import { LiteLLMClient } from '../litellm/LiteLLMClient'
import { resolveProxyEndpoint } from '../litellm/resolveEndpoint'
import { loadTracingConfig } from '../observability/tracing/tracingConfig'
import { metricsAccess } from '../routes/metricsRoute'
import type { FlowiseInstall } from './findFlowise'
import { orquestaFor, type OrquestaCopy } from './orquestaInstall'

/** Time limit of the proxy probe (ms). */
const PROBE_TIMEOUT_MS = 3_000

/** What `orquesta-flowise doctor` found. */
export interface DoctorReport {
    readonly flowise: FlowiseInstall & { readonly supported: boolean; readonly message?: string }
    readonly orquesta: OrquestaCopy
    readonly sharedPackages: readonly SharedPackage[]
    readonly nodeOptions: { readonly value: string; readonly requiresPreload: boolean }
    readonly proxy: { readonly url: string; readonly reachable: boolean }
    readonly features: Readonly<Record<string, string>>
    readonly nodeDirs: readonly string[]
    /** What stops Orquesta from working as installed; empty when it will. */
    readonly problems: readonly string[]
}

const orDescribe = <T>(read: () => T, describe: (value: T) => string): string => {
    try {
        return describe(read())
    } catch (error) {
        return `invalid: ${(error as Error).message}`
    }
}

/** Examines a Flowise and the Orquesta it would load, in this environment. */
export const diagnose = async (flowise: FlowiseInstall, env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> => {
    const verdict = checkFlowiseVersion(flowise.version, env)
    const orquesta = orquestaFor(flowise)
    const components = resolvePackage('flowise-components', path.join(flowise.dir, 'dist'))
    // Inside Flowise the preload resolves these for Orquesta's files from flowise-components' nodes
    // (plugin/host/sharedResolution.ts), so Orquesta loads what Flowise's nodes load.
    const hostNodesDir = components && path.join(components.dir, 'dist', 'nodes')
    const shared: SharedPackage[] = hostNodesDir
        ? SHARED_PACKAGES.map((name) => {
              const host = resolvePackage(name, hostNodesDir)
              return { name, host, orquesta: host, same: !!host }
          })
        : []
    const problems: string[] = []
    if (!verdict.run) problems.push(verdict.error)
    if (!components) problems.push(`Flowise at ${flowise.dir} has no flowise-components: reinstall Flowise.`)
    for (const p of shared.filter((s) => !s.same))
        problems.push(
            `${p.name}: Orquesta's nodes load ${p.orquesta ? `${p.orquesta.version} from ${p.orquesta.dir}` : 'nothing'}, Flowise's nodes ` +
                `${p.host ? `${p.host.version} from ${p.host.dir}` : 'nothing'}; run \`orquesta-flowise install\` to install Orquesta inside Flowise's tree.`
        )
    const config = (() => {
        try {
            return loadPluginConfig(env)
        } catch {
            return undefined
        }
    })()
    for (const problem of checkConfiguration(env)) problems.push(problem.message)
    const proxyUrl = config?.proxyUrl ?? 'unknown'
    const reachable = config
        ? await new LiteLLMClient(resolveProxyEndpoint({ url: config.proxyUrl, key: config.proxyKey }), PROBE_TIMEOUT_MS).isReady()
        : false
    const access = metricsAccess(env)
    const nodeOptions = env.NODE_OPTIONS ?? ''
    return {
        flowise: { ...flowise, supported: verdict.run, message: verdict.run ? verdict.warning : verdict.error },
        orquesta,
        sharedPackages: shared,
        nodeOptions: { value: nodeOptions, requiresPreload: nodeOptions.includes(orquesta.preload) },
        proxy: { url: proxyUrl, reachable },
        features: {
            evaluation: orDescribe(
                () => loadEvaluationConfig(env, config?.dataDir ?? '/'),
                (e) => `results in ${e.database.kind}; schedules ${e.schedulesEnabled ? 'on' : 'off'}`
            ),
            tracing: orDescribe(
                () => loadTracingConfig(env),
                (t) => [t.langfuse && 'Langfuse', t.langsmith && 'LangSmith'].filter(Boolean).join(', ') || 'off'
            ),
            metrics: access.public ? 'public' : access.token ? 'on (bearer token)' : 'closed (set ORQUESTA_METRICS_TOKEN)',
            'queue mode': env.MODE === 'queue' ? 'on (flowise worker runs predictions)' : 'off',
            'proxy key': config?.proxyKey ? 'set' : 'not set (router nodes need a credential)'
        },
        nodeDirs: config?.extraNodeDirs ?? [],
        problems
    }
}

/** The report as people read it. */
export const formatReport = (r: DoctorReport): string => {
    const yes = (ok: boolean, good: string, bad: string) => (ok ? good : bad)
    const lines = [
        `Flowise        ${r.flowise.version} at ${r.flowise.dir} (found in ${r.flowise.foundBy}): ${yes(r.flowise.supported, 'supported', 'NOT SUPPORTED')}`,
        `Orquesta       ${r.orquesta.version} at ${r.orquesta.dir}: ${yes(r.orquesta.insideFlowise, "inside Flowise's tree", "NOT inside Flowise's tree")}`,
        ...r.sharedPackages.map(
            (p) =>
                `  ${p.name.padEnd(20)} ${yes(p.same, `one copy (${p.orquesta?.version})`, `DIFFERENT copies: Orquesta ${p.orquesta?.version ?? 'none'}, Flowise ${p.host?.version ?? 'none'}`)}`
        ),
        `NODE_OPTIONS   ${r.nodeOptions.value || '(empty)'}${r.nodeOptions.requiresPreload ? '' : ' (orquesta-flowise start/worker adds the preload)'}`,
        `LiteLLM proxy  ${r.proxy.url}: ${yes(r.proxy.reachable, 'reachable', 'NOT reachable')}`,
        ...Object.entries(r.features).map(([name, state]) => `  ${name.padEnd(20)} ${state}`),
        `Node folders   ${r.nodeDirs.join(', ') || 'none'} (hot reload)`,
        r.problems.length ? `Problems:\n${r.problems.map((p) => `  - ${p}`).join('\n')}` : 'No problems found.'
    ]
    return lines.join('\n')
}
