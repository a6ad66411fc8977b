import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../../scripts/lib/paths'

/** Where the plugin's code reads its environment. */
const SOURCE_DIRS = ['plugin', 'nodes', 'scripts', 'credentials']

const sourceFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
        const full = path.join(dir, entry)
        return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|mjs)$/.test(entry) ? [full] : []
    })

/** The text without comments (block comments, and `// …` after code or at a line's start). */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;,{}()])\/\/.*$/gm, '$1')

/** Upper-case names that are not environment variables: error codes and JavaScript's own constants. */
const NOT_VARIABLES =
    /^(ERR_[A-Z_]+|E[A-Z]+_[A-Z_]+|SQLITE_[A-Z]+|POSITIVE_INFINITY|NEGATIVE_INFINITY|MAX_SAFE_INTEGER|MIN_SAFE_INTEGER|MAX_VALUE|MIN_VALUE)$/

/**
 * Environment variables the code reads: in every file that reads the environment (mentions
 * `process.env` or takes a `NodeJS.ProcessEnv`), each upper-case name it looks up: as a property
 * (`env.NAME`, `e.NAME`), by its name (`env['NAME']`, `first('NAME', …)`), or as a field of an
 * environment schema (`NAME: z.…`, `NAME: positiveIntEnv(…)`). A name only given to a child
 * process (`{ NAME: value }`) is set, not read.
 */
export const variablesReadByCode = (): Map<string, string[]> => {
    const read = new Map<string, string[]>()
    const name = '([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])'
    const lookups = [
        new RegExp(`\\.${name}\\b`, 'g'),
        /(?:process\.env|\benv)\??\.([A-Z][A-Z0-9_]*)\b/g,
        new RegExp(`['"\`]${name}['"\`]`, 'g'),
        new RegExp(`\\b${name}\\s*:\\s*(?:z\\.|[a-z]\\w*\\()`, 'g')
    ]
    for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
        const raw = readFileSync(file, 'utf8')
        if (!/process\.env|NodeJS\.ProcessEnv/.test(raw)) continue
        const code = withoutComments(raw)
        const constants = new Set([...code.matchAll(/\b(?:const|let|var|enum|class)\s+([A-Z][A-Z0-9_]+)\b/g)].map((m) => m[1]))
        const compared = new Set([...code.matchAll(/(?:===|!==)\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]))
        for (const pattern of lookups)
            for (const [, found] of code.matchAll(pattern)) {
                if (constants.has(found) || compared.has(found) || NOT_VARIABLES.test(found)) continue
                const where = path.relative(ROOT, file)
                read.set(found, [...new Set([...(read.get(found) ?? []), where])])
            }
    }
    // The provider keys `npm start` passes to the proxy: the config names them (`os.environ/NAME`).
    const config = readFileSync(path.join(ROOT, 'litellm-config.yaml'), 'utf8')
    for (const [, found] of config.matchAll(/os\.environ\/([A-Z][A-Z0-9_]+)/g))
        read.set(found, [...new Set([...(read.get(found) ?? []), 'litellm-config.yaml'])])
    return read
}

/** The variables in the first column of the README's environment table (`### Environment`). */
const tableVariables = (): Set<string> => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    const section = readme.split(/^### Environment\s*$/m)[1]?.split(/^#{2,3} /m)[0]
    if (!section) throw new Error('README.md has no "### Environment" section')
    const firstCells = section
        .split('\n')
        .filter((line) => line.startsWith('|'))
        .map((line) => line.split('|')[1])
    return new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1])))
}

describe("the README's environment table", () => {
    it('lists every environment variable the plugin, its nodes and scripts read', () => {
        const table = tableVariables()
        const missing = [...variablesReadByCode()].filter(([name]) => !table.has(name))
        assert.deepEqual(
            missing.map(([name, files]) => `${name} (read in ${files.join(', ')})`),
            [],
            `README.md "### Environment" is missing: ${missing.map(([name]) => name).join(', ')}`
        )
    })

    it('lists only variables the code reads', () => {
        const read = variablesReadByCode()
        const unknown = [...tableVariables()].filter((name) => !read.has(name))
        assert.deepEqual(unknown, [], `README.md "### Environment" lists variables no code reads: ${unknown.join(', ')}`)
    })
})
