// Compiles the TypeScript sources into dist/ and copies the node icons next to their compiled
// node files, where Flowise's NodesPool looks for them.
import { execFileSync } from 'node:child_process'
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ICON = /\.(svg|png|jpg)$/

rmSync(path.join(root, 'dist'), { recursive: true, force: true })
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
    stdio: 'inherit'
})

const copyIcons = (dir) => {
    for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry)
        if (statSync(full).isDirectory()) copyIcons(full)
        else if (ICON.test(entry)) cpSync(full, path.join(root, 'dist', path.relative(root, full)))
    }
}
copyIcons(path.join(root, 'nodes'))
