/** Categories Flowise's node pool never loads. */
const SKIPPED_CATEGORIES = new Set(['Analytic', 'SpeechToText'])

/**
 * Whether the host would load this node, by Flowise's own rules (`NodesPool.loadNodesFromDir`):
 * not an analytics or speech-to-text node, not a community node (one with an `author`) unless
 * SHOW_COMMUNITY_NODES is true, and not named in DISABLED_NODES.
 */
export const hostLoads = (node: { name: string; category?: string; author?: string }, env: NodeJS.ProcessEnv = process.env): boolean => {
    if (SKIPPED_CATEGORIES.has(node.category ?? '')) return false
    if (node.author && env.SHOW_COMMUNITY_NODES !== 'true') return false
    const disabled = (env.DISABLED_NODES ?? '').split(',').map((s) => s.trim())
    return !disabled.includes(node.name)
}
