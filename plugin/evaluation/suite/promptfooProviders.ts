import { parse as parseYaml } from 'yaml'
import { ConfigFiles, FileReferenceError } from './configFiles'
import { isObject } from './promptfooAssertions'

/**
 * Provider settings that change what a model answers but that Orquesta does not send (it asks
 * each evaluated model with the suite's messages only): a config relying on them loads, with a
 * warning listing them.
 */
const ANSWER_SETTINGS = [
    'tools',
    'functions',
    'tool_choice',
    'function_call',
    'response_format',
    'responseSchema',
    'temperature',
    'max_tokens',
    'max_completion_tokens',
    'top_p',
    'seed',
    'stop',
    'reasoning_effort',
    'systemPrompt',
    'prompt'
]

/** Script providers: the user's own code is the model under test. */
const SCRIPT_PROVIDER = /^(file:\/\/|python:|exec:|golang:|ruby:)/

/**
 * What of a config's `providers` is not applied, and the tools they offer (for
 * `is-valid-openai-tools-call`). The evaluation runs its own models, so providers are otherwise
 * ignored — except that a provider script that is missing is an error naming it (the config
 * could not run as written anywhere).
 * @throws FileReferenceError for a missing provider script.
 */
export const providerWarnings = (providers: unknown, files: ConfigFiles): { warnings: string[]; tools?: unknown[] } => {
    if (providers === undefined) return { warnings: [] }
    const entries = Array.isArray(providers) ? providers : [providers]
    const ignored = new Set<string>()
    const scripts: string[] = []
    let tools: unknown[] | undefined
    for (const entry of entries) {
        const id = typeof entry === 'string' ? entry : isObject(entry) && typeof entry.id === 'string' ? entry.id : undefined
        if (id && SCRIPT_PROVIDER.test(id)) {
            const script = id.replace(/^(python|exec|golang|ruby):\s*/, 'file://').replace(/:[A-Za-z_]\w*$/, '')
            const file = script.split(/\s+/)[0]
            if (/\.(c|m)?[jt]s$|\.py$|\.go$|\.rb$|\.sh$/i.test(file)) files.resolve(file)
            scripts.push(id)
        }
        if (!isObject(entry) || !isObject(entry.config)) continue
        for (const key of ANSWER_SETTINGS) {
            if (entry.config[key] === undefined) continue
            ignored.add(key)
            if (key === 'tools' && !tools) tools = readTools(entry.config.tools, files)
        }
    }
    const warnings: string[] = []
    if (ignored.size > 0)
        warnings.push(
            `provider settings not applied: ${[...ignored].join(', ')} (every case is asked of the evaluated models with its messages only)`
        )
    if (scripts.length > 0) warnings.push(`custom providers not run: ${scripts.join(', ')} (the proxy's models are evaluated instead)`)
    return { warnings, tools }
}

const readTools = (value: unknown, files: ConfigFiles): unknown[] | undefined => {
    try {
        const data: unknown = ConfigFiles.isReference(value) ? parseYaml(files.readText(value), { maxAliasCount: 100 }) : value
        return Array.isArray(data) ? data : undefined
    } catch (error) {
        if (error instanceof FileReferenceError) throw error
        return undefined
    }
}
