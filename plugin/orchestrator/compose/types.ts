import type { CatalogEntry } from '../../capabilities/types'
import type { FlowData } from '../../flow/flowData'
import type { SecurityLevel } from '../../security/securityLevel'
import type { RequirementSpec } from '../spec'

/** The catalog as the composer reads it. */
export interface ComposerCatalog {
    get(name: string): CatalogEntry | undefined
    entries(): readonly CatalogEntry[]
}

/** Material the user gave for the flow's sources (all optional, all bounded by the route). */
export interface ComposeMaterial {
    /** Text a retrieval flow answers from (a Plain Text loader). */
    readonly sourceText?: string
    /** The page a web loader reads. */
    readonly sourceUrl?: string
    /** A Flowise document store id (retrieval in Agentflow v2, or a document-store source). */
    readonly documentStoreId?: string
}

/** The router settings every chat model of the flow gets. */
export interface ModelPlan {
    /** Router node inputs (candidates, limits, category, capabilities, security level…). */
    readonly routerInputs: Readonly<Record<string, unknown>>
    /** The candidate models, best first, and why. */
    readonly selected: readonly { readonly model: string; readonly reason: string }[]
}

export interface ComposeContext {
    readonly catalog: ComposerCatalog
    readonly spec: RequirementSpec
    readonly securityLevel: SecurityLevel
    /** Risky tool kinds the security checks allowed (asked for and allowed at the level). */
    readonly allowedRisky: ReadonlySet<string>
    /** Credential ids in the caller's workspace, by credential type name (the first of each type). */
    readonly credentials: ReadonlyMap<string, string>
    /** A workspace credential (OpenAI type) holding the server's proxy key: embeddings through the proxy use it. */
    readonly proxyCredentialId?: string
    readonly proxyUrl?: string
    /** The proxy's embedding model, when it has one. */
    readonly embeddingModel?: string
    readonly models: ModelPlan
    readonly material: ComposeMaterial
}

/** A flow the composer built, with what the answer says about it. */
export interface Composition {
    readonly ok: true
    readonly flow: FlowData
    readonly type: 'CHATFLOW' | 'AGENTFLOW'
    /** Node names used, in the order placed. */
    readonly componentsUsed: readonly string[]
    /** What the user must answer or do for the flow to run as asked. */
    readonly questions: readonly string[]
    /** How the flow meets each need. */
    readonly explanation: readonly string[]
}

/** What the catalog cannot provide for this spec, by name. */
export interface Unsatisfiable {
    readonly ok: false
    readonly missing: readonly string[]
    readonly explanation: string
}

export type ComposeResult = Composition | Unsatisfiable
