import { readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The Flowise release lines the plugin supports (major.minor): the only place they are declared.
 * 3.1.0 made `NodesPool.loadNodesFromDir` public; the hooks are tested on 3.1.2 and 3.1.4.
 */
export const SUPPORTED_FLOWISE_LINES: readonly string[] = ['3.1']

/** The variable that lets the plugin run, with a loud warning, on a Flowise it does not support. */
export const ALLOW_UNSUPPORTED_FLOWISE = 'ORQUESTA_ALLOW_UNSUPPORTED_FLOWISE'

export type VersionVerdict =
    | { readonly run: true; readonly version: string; readonly warning?: string }
    | { readonly run: false; readonly version: string; readonly error: string }

/** The version in the `package.json` next to Flowise's `dist` directory, or `unknown`. */
export const flowiseVersionAt = (distDir: string): string => {
    try {
        const { version } = JSON.parse(readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as { version?: unknown }
        return typeof version === 'string' ? version : 'unknown'
    } catch {
        return 'unknown'
    }
}

/** Whether the plugin runs on Flowise `version`, and what to log. */
export const checkFlowiseVersion = (version: string, env: NodeJS.ProcessEnv = process.env): VersionVerdict => {
    const line = /^(\d+\.\d+)\./.exec(version)?.[1]
    if (line && SUPPORTED_FLOWISE_LINES.includes(line)) return { run: true, version }
    const supported = SUPPORTED_FLOWISE_LINES.map((l) => `${l}.x`).join(', ')
    if (env[ALLOW_UNSUPPORTED_FLOWISE] === 'true') {
        return {
            run: true,
            version,
            warning:
                `[orquesta] WARNING: Flowise ${version} is not a supported version (supported: ${supported}); ` +
                `running anyway because ${ALLOW_UNSUPPORTED_FLOWISE}=true. Parts of the plugin may fail.`
        }
    }
    return {
        run: false,
        version,
        error:
            `[orquesta] Flowise ${version} is not a supported version (supported: ${supported}); the plugin stays off and ` +
            `Flowise runs without it. Set ${ALLOW_UNSUPPORTED_FLOWISE}=true to try it anyway.`
    }
}
