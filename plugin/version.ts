import { readFileSync } from 'node:fs'
import path from 'node:path'

/** The plugin's version, from its package.json (dist/plugin → package root). */
export const PLUGIN_VERSION: string = (
    JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version
