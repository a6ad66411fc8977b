// `npm run bench`: figures measured side by side in one run (not a test; see README).
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
execFileSync(process.execPath, [path.join(root, 'scripts', 'setup.mjs')], { stdio: 'inherit' })
execFileSync(process.execPath, [path.join(root, 'dist', 'bench', 'run.js')], { stdio: 'inherit' })
