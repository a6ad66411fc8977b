import type { RequestHandler, Router } from 'express'
import type { NodeRegistry } from '../capabilities/CapabilityService'
import type { ChatflowStore } from '../routes/optimizerRoutes'

/** The logging surface the plugin uses (Flowise's winston logger fits it). */
export interface HostLogger {
    info(message: string): void
    warn(message: string): void
    error(message: string): void
    debug(message: string): void
}

/** What the plugin needs from its host, handed to {@link bootstrap} by the host adapter. */
export interface HostContext {
    /**
     * The host's `/api/v1` router. Routes mounted here sit behind the host's own authentication
     * (API key or logged-in session), exactly like the host's own routes.
     */
    readonly apiRouter: Router
    /** The host's permission check for one permission (e.g. `chatflows:view`). */
    readonly requirePermission: (permission: string) => RequestHandler
    readonly logger: HostLogger
    /** The host's own node directory (Flowise: `flowise-components/dist/nodes`). */
    readonly componentNodesDir: string
    /** Makes changed node files runnable in the host without a restart. */
    readonly nodes: NodeRegistry
    /** The host's chatflows, read and created with the rights of the requesting user. */
    readonly chatflows: ChatflowStore
    /** Emits an event on the host (Flowise: its Express app) for other code in the host to hear. */
    readonly emit: (event: string, payload: unknown) => void
}

/** The logger outside Flowise (the CLI) and inside it before Flowise's own logger loads. */
export const consoleLogger: HostLogger = {
    info: (m) => console.info(m),
    warn: (m) => console.warn(m),
    error: (m) => console.error(m),
    debug: () => undefined
}
