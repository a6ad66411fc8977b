import nunjucks from 'nunjucks'

/**
 * Member names a template may not read: the ways from a value to `Function` (and so to the
 * host). Nunjucks does not sandbox templates (`{{ range.constructor("…")() }}` runs code), so
 * its one member-access function is wrapped before any template is compiled.
 */
const FORBIDDEN_MEMBERS = new Set([
    'constructor',
    '__proto__',
    'prototype',
    '__defineGetter__',
    '__defineSetter__',
    '__lookupGetter__',
    '__lookupSetter__',
    'caller',
    'callee',
    'arguments',
    'call',
    'apply',
    'bind'
])

type MemberLookup = (obj: unknown, name: unknown) => unknown

let environment: nunjucks.Environment | undefined

/**
 * The environment, made on first use (where templates are rendered: the suite parsing thread),
 * so that merely loading this module changes nothing in the host's copy of Nunjucks.
 */
const environmentOf = (): nunjucks.Environment => {
    if (environment) return environment
    const runtime = nunjucks.runtime as unknown as { memberLookup: MemberLookup; __orquestaHardened?: true }
    if (!runtime.__orquestaHardened) {
        const original = runtime.memberLookup
        runtime.memberLookup = (obj, name) => {
            // A function's own members (and everything through them) are off limits; its call is not.
            if (typeof obj === 'function' || FORBIDDEN_MEMBERS.has(String(name))) return undefined
            return original(obj, name)
        }
        runtime.__orquestaHardened = true
    }
    // No loaders: `{% include %}`, `{% import %}` and `{% extends %}` cannot read files.
    environment = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false })
    return environment
}

/** Compiled templates by source: a config renders each template once per test. */
const compiled = new Map<string, nunjucks.Template>()
const MAX_COMPILED = 256

const templateOf = (source: string): nunjucks.Template => {
    let template = compiled.get(source)
    if (!template) {
        // Compiled eagerly, so that a syntax error is thrown here (and reported) rather than at first render.
        template = new nunjucks.Template(source, environmentOf(), undefined, true)
        if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!)
        compiled.set(source, template)
    }
    return template
}

/** A template could not be rendered (a syntax error, or an error while rendering). */
export class TemplateRenderError extends Error {
    constructor(message: string) {
        super(message)
        this.name = 'TemplateRenderError'
    }
}

/**
 * Renders a promptfoo template with Nunjucks (promptfoo's own template language: `{{ var }}`,
 * filters, `{% if %}`, loops), as promptfoo does: no HTML escaping, an unknown or null var renders
 * as empty text. Runs where suites are parsed — the suite parsing thread, whose time and memory
 * limits bound a template that loops for ever.
 * @throws TemplateRenderError with Nunjucks's message (line and column included).
 */
export const renderTemplate = (template: string, vars: Readonly<Record<string, unknown>>): string => {
    if (!template.includes('{{') && !template.includes('{%') && !template.includes('{#')) return template
    // A null-prototype copy: names such as `constructor` are not found on Object.prototype.
    const context = Object.assign(Object.create(null) as Record<string, unknown>, vars)
    try {
        return templateOf(template).render(context)
    } catch (error) {
        const said = ((error as Error).message ?? String(error))
            .replace(/^\(unknown path\)\s*/, '')
            .replace(/\s+/g, ' ')
            .trim()
        throw new TemplateRenderError(`Nunjucks template error: ${said}; fix the template (literal braces: {% raw %}{{ … }}{% endraw %})`)
    }
}
