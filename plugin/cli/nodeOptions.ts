/**
 * `NODE_OPTIONS` with `--require <preload>` appended: what is there stays (the official images
 * set `--max-old-space-size=8192`), and a preload already present is not added twice.
 */
export const withPreload = (nodeOptions: string | undefined, preload: string): string => {
    const current = (nodeOptions ?? '').trim()
    if (current.includes(preload)) return current
    // NODE_OPTIONS splits on spaces; a path with spaces needs double quotes.
    const quoted = /[\s"]/.test(preload) ? `"${preload.replace(/(["\\])/g, '\\$1')}"` : preload
    return [current, `--require ${quoted}`].filter(Boolean).join(' ')
}
