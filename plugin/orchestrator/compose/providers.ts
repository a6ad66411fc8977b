import type { AnchorSpec, CatalogEntry } from '../../capabilities/types'
import { nodeRisks } from '../../security/nodeRisks'
import type { ComposeContext } from './types'
import { PREFERRED_PROVIDERS } from './toolNodes'

/** Categories whose nodes never fill another node's anchor in a generated chatflow. */
const NOT_PROVIDERS = new Set(['Agent Flows', 'Sequential Agents', 'Multi Agents', 'Chains', 'Agents', 'Engine'])

export const isDeprecated = (entry: CatalogEntry) => entry.badges.some((b) => b.toUpperCase() === 'DEPRECATED')

/** A node and the output of it that provides a class. */
export interface Provider {
    readonly entry: CatalogEntry
    readonly output?: string
}

/** The catalog indexed by the classes nodes provide (their own base classes and each output's), built once per composition: O(nodes). */
export const providerIndex = (entries: readonly CatalogEntry[]): ReadonlyMap<string, Provider[]> => {
    const index = new Map<string, Provider[]>()
    const add = (type: string, provider: Provider) => {
        const list = index.get(type)
        if (list) {
            if (!list.some((p) => p.entry === provider.entry)) list.push(provider)
        } else index.set(type, [provider])
    }
    for (const entry of entries) {
        if (NOT_PROVIDERS.has(entry.category) || isDeprecated(entry) || entry.author) continue
        for (const output of entry.outputs) for (const type of output.baseClasses) add(type, { entry, output: output.name })
        for (const type of entry.baseClasses) add(type, { entry })
    }
    return index
}

/** Whether a node needs a credential (the router's is optional: it uses the server's proxy without one). */
export const needsCredential = (entry: CatalogEntry) =>
    entry.credentialNames.length > 0 && (entry.canvas?.credential as { optional?: boolean } | undefined)?.optional !== true

/** The workspace credential a node can use, when it needs one. */
export const credentialFor = (entry: CatalogEntry, context: ComposeContext): string | undefined => {
    for (const name of entry.credentialNames) {
        const id = context.credentials.get(name)
        if (id) return id
    }
    return undefined
}

/** Whether the security checks allow a node in this flow. */
export const allowedNode = (entry: CatalogEntry, context: ComposeContext) =>
    nodeRisks(entry).every((risk) => context.allowedRisky.has(risk))

/**
 * The nodes that can fill an anchor of `type`, best first: the preferred ones for the type, then
 * the others; within each, nodes that need no credential or whose credential the workspace has
 * before those whose credential is missing, then those with fewer required anchors, then by name.
 * Deprecated, community and risky nodes (unless allowed) never appear.
 */
export const providersFor = (type: string, index: ReadonlyMap<string, Provider[]>, context: ComposeContext): Provider[] => {
    const preferred = PREFERRED_PROVIDERS[type] ?? []
    const rank = (p: Provider) => {
        const i = preferred.indexOf(p.entry.name)
        return i === -1 ? preferred.length : i
    }
    const missingCredential = (p: Provider) => (needsCredential(p.entry) && !credentialFor(p.entry, context) ? 1 : 0)
    const required = (p: Provider) => p.entry.anchors.filter((a) => !a.optional).length
    return (index.get(type) ?? [])
        .filter((p) => allowedNode(p.entry, context))
        .sort(
            (a, b) =>
                rank(a) - rank(b) ||
                missingCredential(a) - missingCredential(b) ||
                required(a) - required(b) ||
                (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0)
        )
}

/** The anchors of a node that must be connected. */
export const requiredAnchors = (entry: CatalogEntry): AnchorSpec[] => entry.anchors.filter((a) => !a.optional)
