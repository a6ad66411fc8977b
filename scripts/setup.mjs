// Installs what `npm install` cannot: the SQLite binding Flowise needs (built from source,
// because its prebuilt download is unreachable offline), the pinned LiteLLM proxy in a
// project-local virtual environment, and the compiled plugin in dist/. Each step is skipped
// when its result is already there, so `npm start` and `npm test` can call this every time.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options })
const step = (message) => console.log(`[setup] ${message}`)

const ensureNodeModules = () => {
    if (existsSync(path.join(root, 'node_modules', 'flowise', 'package.json'))) return
    step('installing npm packages (npm ci)')
    run('npm', ['ci'])
}

const ensureSqlite = () => {
    const binding = path.join(root, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node')
    if (existsSync(binding)) return
    step('building the sqlite3 binding for Flowise from source (about a minute)')
    run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'])
    if (!existsSync(binding)) throw new Error(`sqlite3 did not build: ${binding} is missing. Is a C++ compiler (g++) and make installed?`)
}

const pinnedLiteLLM = () => {
    const line = readFileSync(path.join(root, 'requirements-litellm.txt'), 'utf8')
        .split('\n')
        .find((l) => /^litellm(\[[^\]]*\])?==/.test(l.trim()))
    return line?.split('==')[1].split(/[\s\\;]/)[0]
}

const ensureLiteLLM = () => {
    const venv = path.join(root, '.venv')
    const python = path.join(venv, 'bin', 'python')
    const wanted = pinnedLiteLLM()
    if (existsSync(python)) {
        try {
            const installed = execFileSync(python, ['-c', 'import importlib.metadata as m; print(m.version("litellm"))'], {
                encoding: 'utf8'
            }).trim()
            if (installed === wanted) return
        } catch {
            // not installed yet
        }
    }
    const systemPython = process.env.PYTHON ?? 'python3'
    step(`installing LiteLLM proxy ${wanted} into .venv`)
    if (!existsSync(python)) run(systemPython, ['-m', 'venv', venv])
    const pipInstall = (requirements) =>
        run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--require-hashes', '-r', requirements])
    pipInstall('requirements-pip.txt')
    pipInstall('requirements-litellm.txt')
}

const newestMtime = (dir) => {
    let newest = 0
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
    }
    return newest
}

const ensureBuild = () => {
    const marker = path.join(root, 'dist', 'plugin', 'host', 'preload.js')
    const sources = ['plugin', 'nodes', 'credentials', 'scripts', 'test', 'bench'].filter((d) => existsSync(path.join(root, d)))
    const newestSource = Math.max(...sources.map((d) => newestMtime(path.join(root, d))))
    if (existsSync(marker) && statSync(marker).mtimeMs >= newestSource) return
    step('compiling TypeScript into dist/')
    run(process.execPath, [path.join(root, 'scripts', 'build.mjs')])
}

ensureNodeModules()
ensureSqlite()
ensureLiteLLM()
ensureBuild()
