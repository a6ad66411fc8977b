// `npm test`: everything CI runs. Installs what is missing (scripts/setup.mjs, which also
// type-checks by compiling), then lint and format checks, then every test file under
// dist/test with Node's test runner, one file at a time (the integration files start their
// own LiteLLM proxy and Flowise server, which is heavy on a 2-core machine).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' })

run(process.execPath, [path.join(root, 'scripts', 'setup.mjs')])

/** Installs Debian's `pkg` when `binary` is missing and this runs as root with apt; else says what will fail. */
const ensureDebianPackage = (binary, pkg, neededBy) => {
    if (existsSync(binary)) return
    if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
        console.log(`[test] installing Debian's ${pkg} package for ${neededBy}`)
        run('apt-get', ['update', '-qq'])
        execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
            stdio: 'inherit',
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
        })
    } else {
        console.log(`[test] ${binary} is missing: install the ${pkg} package, or ${neededBy} will fail`)
    }
}
// The observability tests scrape the plugin with a real Prometheus server; the page's tests drive
// Chromium through playwright-core (no browser download).
ensureDebianPackage('/usr/bin/prometheus', 'prometheus', 'the observability tests')
ensureDebianPackage('/usr/bin/chromium', 'chromium', "the page's browser tests")
console.log('[test] type-check')
run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'])
console.log('[test] lint')
run(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.'])
console.log('[test] format check')
run(process.execPath, [path.join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.'])

const findTests = (dir) =>
    readdirSync(dir).flatMap((entry) => {
        const full = path.join(dir, entry)
        return statSync(full).isDirectory() ? findTests(full) : entry.endsWith('.test.js') ? [full] : []
    })
const only = process.argv.slice(2)
const files = findTests(path.join(root, 'dist', 'test'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort()
if (files.length === 0) throw new Error('no test files found under dist/test')
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    cwd: root,
    stdio: 'inherit'
})
process.exit(result.status ?? 1)
