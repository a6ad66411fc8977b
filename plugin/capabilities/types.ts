/** What the orchestrator knows a node can do, derived by the rules in `deriveCapabilities.ts`. */
export const NODE_CAPABILITIES = [
    'chat-model',
    'llm',
    'tool-calling',
    'streaming',
    'vision',
    'accepts-cache',
    'embeddings',
    'vector-store',
    'retriever',
    'memory',
    'tool',
    'cache',
    'document-loader',
    'text-splitter',
    'chain',
    'agent',
    'prompt',
    'output-parser'
] as const
export type NodeCapability = (typeof NODE_CAPABILITIES)[number]

/** An input that is a connection from another node's output. */
export interface AnchorSpec {
    readonly name: string
    readonly label: string
    /** The type the connected output must provide (one of its base classes). */
    readonly type: string
    /** Whether several nodes may connect (Flowise `list`). */
    readonly list: boolean
    readonly optional: boolean
}

/** An input the user sets on the node itself. */
export interface ParamSpec {
    readonly name: string
    readonly label: string
    readonly type: string
    readonly optional: boolean
    readonly additional: boolean
    readonly default?: unknown
    /** Option names for `options` / `multiOptions` inputs. */
    readonly options?: readonly string[]
    /** Where `asyncOptions` get their values (a load method of the node). */
    readonly loadMethod?: string
}

export interface OutputSpec {
    readonly name: string
    readonly label: string
    readonly baseClasses: readonly string[]
}

/** One node the host can run, as the catalog describes it. */
export interface CatalogEntry {
    readonly name: string
    readonly label: string
    readonly type: string
    readonly category: string
    readonly version: number
    readonly description: string
    readonly baseClasses: readonly string[]
    readonly anchors: readonly AnchorSpec[]
    readonly params: readonly ParamSpec[]
    readonly outputs: readonly OutputSpec[]
    readonly credentialNames: readonly string[]
    /** Set on community nodes, which Flowise shows only with SHOW_COMMUNITY_NODES=true. */
    readonly author?: string
    /** Flowise badges (DEPRECATED, NEW, …) and tags. */
    readonly badges: readonly string[]
    readonly capabilities: readonly NodeCapability[]
    readonly filePath: string
    /** SHA-256 of the node file's content. */
    readonly hash: string
    /**
     * The node's own definition as the host serves it in `GET /api/v1/nodes` (JSON only): every
     * input with all its fields (file types, show/hide conditions, `additionalParams`…), the
     * credential parameter and the declared outputs, from which the canvas builds node data.
     */
    readonly canvas: CanvasDefinition
}

/** JSON copies of a node's `inputs`, `credential` and `outputs` (absent when the node declares none). */
export interface CanvasDefinition {
    readonly inputs?: readonly Readonly<Record<string, unknown>>[]
    readonly credential?: Readonly<Record<string, unknown>>
    readonly outputs?: readonly Readonly<Record<string, unknown>>[]
    readonly hideOutput?: boolean
}

/** A node file that could not be loaded; the catalog keeps the file's last good entry. */
export interface LoadFailure {
    readonly filePath: string
    readonly message: string
    /** ISO time of the failure. */
    readonly at: string
}

/** What one update changed, by node name. */
export interface CatalogDiff {
    readonly added: readonly string[]
    readonly changed: readonly string[]
    readonly removed: readonly string[]
    /** Files that failed to load in this update. */
    readonly failures: readonly LoadFailure[]
    /** Files that loaded again after an earlier failure. */
    readonly recovered: readonly string[]
}
