/**
 * LangChain downloads tokenizer tables from this host whenever something counts tokens, retries
 * with back-off, and never caches a failure: offline, every prediction stalls for minutes. The
 * same tables ship in the `js-tiktoken` package.
 */
const TABLE_URL = /^https:\/\/tiktoken\.pages\.dev\/js\/([a-z0-9_]+)\.json$/

/** Loads one encoding's tables, or returns undefined when the package has no such encoding. */
export type TableLoader = (encoding: string) => unknown

const fromJsTiktoken: TableLoader = (encoding) => {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(`js-tiktoken/ranks/${encoding}`) as { default?: unknown }
        return mod.default ?? mod
    } catch {
        return undefined
    }
}

const INSTALLED = Symbol.for('orquesta.offlineTokenizerTables')

/** Encodings served from the package since start, with how many requests each answered. */
const served = new Map<string, number>()

/** How many tokenizer-table requests were answered locally, per encoding (for the health route). */
export const tokenizerTablesServed = (): Record<string, number> => Object.fromEntries(served)

const urlOf = (input: string | URL | Request): string => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)

/**
 * Serves LangChain's tokenizer-table requests from the installed `js-tiktoken` package instead
 * of the network, by wrapping the global `fetch` for exactly those URLs; every other request
 * passes through untouched. Idempotent.
 */
export const installOfflineTokenizerTables = (load: TableLoader = fromJsTiktoken): void => {
    const current = globalThis.fetch as typeof fetch & { [INSTALLED]?: true }
    if (current[INSTALLED]) return
    const bodies = new Map<string, string>()
    const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const match = TABLE_URL.exec(urlOf(input))
        if (!match) return current(input, init)
        const encoding = match[1]
        let body = bodies.get(encoding)
        if (body === undefined) {
            const tables = load(encoding)
            if (tables === undefined) {
                return new Response(JSON.stringify({ error: `js-tiktoken has no encoding ${encoding}` }), { status: 404 })
            }
            body = JSON.stringify(tables)
            bodies.set(encoding, body)
        }
        served.set(encoding, (served.get(encoding) ?? 0) + 1)
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
    }
    globalThis.fetch = Object.assign(wrapped, { [INSTALLED]: true as const }) as typeof fetch
}
