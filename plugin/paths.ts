import path from 'node:path'

/** The plugin's compiled node classes (this file is compiled to dist/plugin). */
export const PLUGIN_NODES_DIR = path.resolve(__dirname, '..', 'nodes')
/** The plugin's compiled credential classes. */
export const PLUGIN_CREDENTIALS_DIR = path.resolve(__dirname, '..', 'credentials')
