import path from 'node:path'

/** The repository root (this file is compiled to dist/scripts/lib). */
export const ROOT = path.resolve(__dirname, '..', '..', '..')
export const LITELLM_BIN = path.join(ROOT, '.venv', 'bin', 'litellm')
/** Put first on the proxy's PYTHONPATH: its `sitecustomize` works around a crash of the proxy (see the file). */
export const LITELLM_PATCHES = path.join(ROOT, 'litellm-patches')
export const FLOWISE_BIN = path.join(ROOT, 'node_modules', '.bin', 'flowise')
export const PRELOAD = path.join(ROOT, 'dist', 'plugin', 'host', 'preload.js')
export const ROOT_LITELLM_CONFIG = path.join(ROOT, 'litellm-config.yaml')
