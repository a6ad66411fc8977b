import { parse as parseYaml } from 'yaml'
import type { ChatMessage } from '../types'
import { ConfigFiles, FileReferenceError, splitFunctionName } from './configFiles'
import { isObject } from './promptfooAssertions'
import { renderTemplate } from './renderTemplate'

/** A prompt template: text (one user message, or chat messages once rendered as JSON), or chat messages whose contents are templates. */
export type PromptTemplate = { readonly label: string } & ({ readonly text: string } | { readonly messages: readonly ChatMessage[] })

const ROLES = new Set(['system', 'user', 'assistant'])

/** A list of `{role, content}` (content a string, or text parts) as chat messages; undefined when it is not one. */
const asMessages = (value: unknown): ChatMessage[] | undefined => {
    if (!Array.isArray(value) || value.length === 0) return undefined
    const messages: ChatMessage[] = []
    for (const m of value) {
        if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) return undefined
        const content = Array.isArray(m.content)
            ? m.content.every((p) => isObject(p) && p.type === 'text' && typeof p.text === 'string')
                ? m.content.map((p) => (p as { text: string }).text).join('\n')
                : undefined
            : m.content
        if (typeof content !== 'string') return undefined
        messages.push({ role: m.role as ChatMessage['role'], content })
    }
    return messages
}

const promptsFromFile = (reference: string, files: ConfigFiles, label?: string): PromptTemplate[] => {
    const { file: written } = splitFunctionName(ConfigFiles.pathOf(reference))
    const file = `file://${written}`
    if (/\.(c|m)?[jt]sx?$|\.py$/i.test(written)) {
        files.resolve(file)
        throw new FileReferenceError(
            `${reference}: prompt functions (scripts) are not run; write the prompt as text, or chat messages in YAML/JSON`
        )
    }
    const text = files.readText(file)
    const name = label ?? written
    if (/\.ya?ml$/i.test(written) || /\.json$/i.test(written)) {
        let data: unknown
        try {
            data = /\.json$/i.test(written) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 })
        } catch (error) {
            // promptfoo renders such a file as a template first (`{% for %}` in JSON), then reads the messages.
            if (/[{][{%]/.test(text)) return [{ label: name, text }]
            throw new FileReferenceError(
                `${reference}: not valid ${/\.json$/i.test(written) ? 'JSON' : 'YAML'} (${(error as Error).message})`
            )
        }
        const messages = asMessages(data)
        if (messages) return [{ label: name, messages }]
        if (typeof data === 'string') return [{ label: name, text: data }]
        // promptfoo sends other structured files as their JSON text.
        return [{ label: name, text: JSON.stringify(data) }]
    }
    if (/\.jsonl$/i.test(written))
        return text
            .split(/\r?\n/)
            .filter((l) => l.trim() !== '')
            .map((l, i) => ({ label: `${name}:${i + 1}`, text: l }))
    // Text files: promptfoo separates several prompts with a line of `---`.
    const parts = text.split(/\r?\n-{3,}\r?\n/).filter((p) => p.trim() !== '')
    return parts.map((p, i) => ({ label: parts.length === 1 ? name : `${name}:${i + 1}`, text: p }))
}

const fromEntry = (entry: string, files: ConfigFiles, label?: string): PromptTemplate[] => {
    if (ConfigFiles.isReference(entry)) {
        const references = ConfigFiles.isGlob(entry) ? files.expand(entry) : [entry]
        return references.flatMap((r) => promptsFromFile(r, files, references.length === 1 ? label : undefined))
    }
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(entry)
    if (scheme)
        throw new FileReferenceError(
            `${entry}: prompts from ${scheme[1]}:// are not fetched; export the prompt into a file next to the config (file://…)`
        )
    // promptfoo reads a bare file name or glob (`prompts/*.txt`) as a file, not as the text of the prompt.
    if (/^[^\s{}]+\.(txt|md|j2|prompt|json|jsonl|ya?ml)$/i.test(entry.trim()) || /^[^\s{}]*\*[^\s{}]*$/.test(entry.trim()))
        return fromEntry(`file://${entry.trim()}`, files, label)
    return [{ label: label ?? entry.slice(0, 60), text: entry }]
}

/**
 * promptfoo's `prompts`: a template, a list of templates, `{raw|id, label}` objects, or a map of
 * reference → label; `file://` references (globs included) to text, YAML or JSON (chat
 * messages) files. Raw text that is a JSON list of messages is a chat prompt too.
 * @throws FileReferenceError or TypeError (with the field) for what cannot be read.
 */
export const readPrompts = (value: unknown, files: ConfigFiles): PromptTemplate[] => {
    if (value === undefined) throw new TypeError('`prompts` is missing: add a prompt template such as "Answer: {{question}}"')
    const entries: [unknown, string | undefined][] =
        typeof value === 'string'
            ? [[value, undefined]]
            : Array.isArray(value)
              ? value.map((v) => [v, undefined])
              : isObject(value)
                ? Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : undefined])
                : []
    if (entries.length === 0) throw new TypeError('`prompts` must be a prompt template or a list of them')
    return entries.flatMap(([entry, label], k) => {
        if (typeof entry === 'string') return fromEntry(entry, files, label)
        if (isObject(entry)) {
            const named = typeof entry.label === 'string' ? entry.label : undefined
            if (typeof entry.raw === 'string') return [{ label: named ?? `prompt ${k + 1}`, text: entry.raw }]
            if (typeof entry.id === 'string') return fromEntry(entry.id, files, named)
            const messages = asMessages(entry.messages ?? entry.content)
            if (messages) return [{ label: named ?? `prompt ${k + 1}`, messages }]
        }
        const messages = asMessages(entry)
        if (messages) return [{ label: `prompt ${k + 1}`, messages }]
        throw new TypeError(`prompts[${k}]: a prompt must be a string, \`{raw: …}\`, \`{id: file://…}\` or a list of chat messages`)
    })
}

/**
 * Renders a prompt for one test's vars into chat messages: a chat template message by message,
 * a text template whole — and when the rendered text is a JSON list of messages, as those
 * messages (promptfoo's chat prompts).
 */
export const renderPrompt = (prompt: PromptTemplate, vars: Readonly<Record<string, unknown>>): ChatMessage[] => {
    if ('messages' in prompt) return prompt.messages.map((m) => ({ role: m.role, content: renderTemplate(m.content, vars) }))
    const text = renderTemplate(prompt.text, vars)
    const trimmed = text.trim()
    if (trimmed.startsWith('[')) {
        try {
            const messages = asMessages(JSON.parse(trimmed))
            if (messages) return messages
        } catch {
            // Text that starts with a bracket.
        }
    }
    return [{ role: 'user', content: text }]
}
