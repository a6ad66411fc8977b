import { promises as fs } from 'node:fs'
import Module from 'node:module'
import path from 'node:path'
import type { Request, RequestHandler, Router } from 'express'
import { bootstrap, type OrquestaPlugin } from '../bootstrap'
import { checkConfiguration } from '../configurationCheck'
import type { NodeRegistry } from '../capabilities/CapabilityService'
import { followMeasurements } from '../evaluation/startEvaluation'
import { PLUGIN_CREDENTIALS_DIR, PLUGIN_NODES_DIR } from '../paths'
import { metricsAccess, metricsRoute } from '../routes/metricsRoute'
import { pageRoutes, UI_PATH } from '../ui/uiRoutes'
import type { ChatflowStore } from '../routes/optimizerRoutes'
import { getRuntime } from '../runtime'
import { checkFlowiseVersion, flowiseVersionAt, type VersionVerdict } from './flowiseVersion'
import { consoleLogger, type HostContext, type HostLogger } from './HostContext'
import { disclosurePatches } from './routingDisclosure'

/** The parts of Flowise's `NodesPool` the plugin uses (public since Flowise 3.1.0). */
interface NodesPoolLike {
    componentNodes: Record<string, unknown>
    componentCredentials: Record<string, unknown>
    credentialIconPath: Record<string, string>
    loadNodesFromDir(dir: string): Promise<Record<string, unknown>>
    initialize(): Promise<void>
}

interface FlowiseAppLike {
    config(): Promise<void>
    stopApp?(): Promise<void>
    app: {
        emit(event: string, payload: unknown): boolean
        get(path: string, handler: RequestHandler): unknown
        use(paths: string | string[], handler: RequestHandler): unknown
    }
    nodesPool: NodesPoolLike
    usageCacheManager: unknown
    AppDataSource: {
        getRepository(entity: unknown): {
            findOneBy(where: Record<string, unknown>): Promise<{ encryptedData: string } | null>
            find(options: Record<string, unknown>): Promise<{ id: string; credentialName: string }[]>
        }
    }
}

/** The user Flowise's authentication puts on a request. */
interface FlowiseUser {
    activeOrganizationId?: string
    activeWorkspaceId?: string
    activeOrganizationSubscriptionId?: string
}

/** Columns of a stored chatflow that are its identity, its graph or its place, not settings a copy should keep. */
const NOT_SETTINGS = new Set(['id', 'name', 'flowData', 'type', 'createdDate', 'updatedDate', 'workspaceId'])

/** Chatflows through Flowise's own service, scoped to the requesting user's workspace. */
const chatflowStore = (distDir: string, app: FlowiseAppLike): ChatflowStore => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const service = (require(path.join(distDir, 'services', 'chatflows')) as { default: FlowiseChatflowService }).default
    const { ChatFlow } = require(path.join(distDir, 'database', 'entities', 'ChatFlow')) as { ChatFlow: new () => Record<string, unknown> }
    const { Credential } = require(path.join(distDir, 'database', 'entities', 'Credential')) as { Credential: unknown }
    const { decryptCredentialData } = require(path.join(distDir, 'utils')) as {
        decryptCredentialData: (encrypted: string) => Promise<Record<string, unknown>>
    }
    const { utilBuildChatflow } = require(path.join(distDir, 'utils', 'buildChatflow')) as {
        utilBuildChatflow: (req: unknown, isInternal: boolean) => Promise<{ text?: unknown; json?: unknown }>
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    return {
        scopeOf: (req) => {
            const user = (req as Request & { user?: FlowiseUser }).user ?? {}
            return {
                orgId: user.activeOrganizationId,
                workspaceId: user.activeWorkspaceId,
                subscriptionId: user.activeOrganizationSubscriptionId
            }
        },
        get: async (scope, id) => {
            const stored = await service.getChatflowById(id, scope.workspaceId)
            const settings = Object.fromEntries(Object.entries(stored).filter(([key]) => !NOT_SETTINGS.has(key)))
            return { id: stored.id, name: stored.name, flowData: stored.flowData, type: stored.type, settings }
        },
        create: async (scope, { name, flowData, type, settings }) => {
            const chatflow = Object.assign(new ChatFlow(), settings, { name, flowData, type, workspaceId: scope.workspaceId })
            const saved = await service.saveChatflow(
                chatflow,
                scope.orgId,
                scope.workspaceId,
                scope.subscriptionId ?? '',
                app.usageCacheManager
            )
            return saved.id
        },
        remove: async (scope, id) => {
            await service.deleteChatflow(id, scope.orgId, scope.workspaceId)
        },
        predict: async (id, question) => {
            // A prediction as Flowise's own internal callers make one (no API key check), in this
            // process, so that the caller's async context (and what it measures) follows it.
            const headers: Record<string, string> = { host: 'localhost' }
            const answer = await utilBuildChatflow(
                {
                    params: { id },
                    body: { question },
                    headers,
                    files: [],
                    protocol: 'http',
                    get: (name: string) => headers[name.toLowerCase()]
                },
                true
            )
            return { text: typeof answer.text === 'string' ? answer.text : JSON.stringify(answer.json ?? answer.text ?? null) }
        },
        credentialsHolding: async (scope, ids, key) => {
            const holding = new Set<string>()
            if (!key) return holding
            const repository = app.AppDataSource.getRepository(Credential)
            for (const id of ids) {
                const credential = await repository.findOneBy({ id, ...(scope.workspaceId ? { workspaceId: scope.workspaceId } : {}) })
                if (!credential) continue
                const data = await decryptCredentialData(credential.encryptedData)
                if (Object.values(data).includes(key)) holding.add(id)
            }
            return holding
        },
        credentials: async (scope) => {
            const found = await app.AppDataSource.getRepository(Credential).find({
                select: { id: true, credentialName: true },
                where: scope.workspaceId ? { workspaceId: scope.workspaceId } : {},
                order: { createdDate: 'ASC' }
            })
            return found.map((c) => ({ id: c.id, credentialName: c.credentialName }))
        }
    }
}

interface FlowiseChatflowService {
    getChatflowById(id: string, workspaceId?: string): Promise<{ id: string; name: string; flowData: string; type?: string }>
    saveChatflow(chatflow: unknown, orgId?: string, workspaceId?: string, subscriptionId?: string, usage?: unknown): Promise<{ id: string }>
    deleteChatflow(id: string, orgId?: string, workspaceId?: string): Promise<unknown>
}

/**
 * Hot reload into Flowise's running node pool: changed files are loaded with the host's own
 * `loadNodesFromDir` (same filters and icon handling as at startup) and replace their entries.
 */
const poolRegistry = (pool: NodesPoolLike): NodeRegistry => ({
    async refresh(files) {
        const wanted = new Set(files)
        for (const dir of new Set(files.map((file) => path.dirname(file)))) {
            const loaded = (await pool.loadNodesFromDir(dir)) as Record<string, { filePath?: string }>
            for (const [name, node] of Object.entries(loaded))
                if (node.filePath && wanted.has(node.filePath)) pool.componentNodes[name] = node
        }
    },
    remove(names) {
        for (const name of names) delete pool.componentNodes[name]
    }
})

/**
 * Adds the plugin's credentials to a node pool the way Flowise adds its own: every
 * `*.credential.js` exporting `credClass`, with the icon of a node that lists it.
 */
const loadCredentials = async (pool: NodesPoolLike, dir: string, logger: HostLogger): Promise<string[]> => {
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.credential.js'))
    const names: string[] = []
    for (const file of files) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { credClass } = require(path.join(dir, file)) as { credClass?: new () => { name: string; icon?: string } }
            if (!credClass) continue
            const credential = new credClass()
            credential.icon = pool.credentialIconPath[credential.name] ?? ''
            pool.componentCredentials[credential.name] = credential
            names.push(credential.name)
        } catch (error) {
            logger.error(`[orquesta] credential ${file} failed to load: ${(error as Error).message}`)
        }
    }
    return names
}

/** Registers the plugin's nodes and credentials in a Flowise node pool. */
export const registerPluginComponents = async (pool: NodesPoolLike, logger: HostLogger): Promise<void> => {
    const nodes = await pool.loadNodesFromDir(PLUGIN_NODES_DIR)
    Object.assign(pool.componentNodes, nodes)
    const credentials = await loadCredentials(pool, PLUGIN_CREDENTIALS_DIR, logger)
    logger.info(`[orquesta] registered nodes ${Object.keys(nodes).join(', ')} and credentials ${credentials.join(', ')}`)
}

/** `flowise worker` executes predictions in queue mode; evaluations run in the main server. */
const isWorkerProcess = (): boolean => process.argv.slice(2).includes('worker')

/** Runs one part of the plugin's setup; a failure logs one error naming the part and what stays off, and never reaches the host. */
const guarded = async (part: string, consequence: string, logger: () => HostLogger, work: () => unknown): Promise<void> => {
    try {
        await work()
    } catch (error) {
        logger().error(`[orquesta] ${part} failed: ${(error as Error).message}; ${consequence}. Flowise runs on.`)
    }
}

const patchNodesPool = (NodesPool: { prototype: NodesPoolLike }, logger: () => HostLogger): void => {
    const original = NodesPool.prototype.initialize
    NodesPool.prototype.initialize = async function (this: NodesPoolLike) {
        await original.call(this)
        await guarded("registering the plugin's nodes and credentials", 'they are not available', logger, () =>
            registerPluginComponents(this, logger())
        )
        if (isWorkerProcess()) {
            await guarded('following the evaluation measurements', 'the router uses the measurements it has', logger, () => {
                if (!getRuntime().refreshMeasurements) followMeasurements(process.env, getRuntime(), logger())
            })
        }
    }
}

/** What `App.config` needs from Flowise's modules, required once; undefined when one is missing. */
interface HostModules {
    readonly apiRouter: Router
    readonly checkPermission: (permission: string) => RequestHandler
}

const requireHostModules = (distDir: string): HostModules => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const apiRouter = (require(path.join(distDir, 'routes')) as { default?: Router }).default
    const { checkPermission } = require(path.join(distDir, 'enterprise', 'rbac', 'PermissionCheck')) as {
        checkPermission?: (permission: string) => RequestHandler
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (typeof apiRouter?.use !== 'function') throw new Error(`${path.join(distDir, 'routes')} exports no router`)
    if (typeof checkPermission !== 'function') throw new Error('Flowise has no checkPermission in enterprise/rbac/PermissionCheck')
    return { apiRouter, checkPermission }
}

const patchApp = (App: { prototype: FlowiseAppLike }, distDir: string, logger: () => HostLogger): void => {
    let plugin: OrquestaPlugin | undefined
    const originalStop = App.prototype.stopApp
    // `flowise start` calls stopApp on SIGINT/SIGTERM: the plugin then flushes its traces.
    App.prototype.stopApp = async function (this: FlowiseAppLike) {
        await originalStop?.call(this)
        await guarded('stopping the plugin', 'queued traces may be lost', logger, () => plugin?.stop())
    }
    const original = App.prototype.config
    App.prototype.config = async function (this: FlowiseAppLike) {
        // Registered before Flowise's own middleware: Prometheus scrapes without a Flowise
        // session; the route has its own bearer token.
        await guarded('the /metrics route', 'metrics are not served', logger, () => {
            const access = metricsAccess(process.env)
            this.app.get(
                '/metrics',
                metricsRoute(() => getRuntime().metrics.registry, access)
            )
        })
        // The page's shell holds no data, and Flowise's gate would refuse a typed URL under /api/v1
        // (see UI_PATH): it is served before the gate, its data behind it.
        await guarded('the page', 'the page is not served', logger, () => this.app.use(UI_PATH, pageRoutes()))
        await original.call(this)
        await guarded('starting the plugin', "its routes and nodes' services are off", logger, async () => {
            const { apiRouter, checkPermission } = requireHostModules(distDir)
            const host: HostContext = {
                apiRouter,
                requirePermission: checkPermission,
                logger: logger(),
                componentNodesDir: path.join(path.dirname(require.resolve('flowise-components', { paths: [distDir] })), '..', 'nodes'),
                nodes: poolRegistry(this.nodesPool),
                chatflows: chatflowStore(distDir, this),
                emit: (event, payload) => void this.app.emit(event, payload)
            }
            plugin = await bootstrap(host)
        })
    }
}

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown

/**
 * Hooks Flowise from a `--require` preload, without a fork: when Flowise's own modules load,
 * `NodesPool.prototype.initialize` learns to add the plugin's nodes and credentials (this also
 * covers `flowise worker`, which builds its own pool) and `App.prototype.config` starts the
 * plugin with the host's `/api/v1` router once the server is configured.
 */
export const installFlowiseHooks = (): void => {
    const moduleApi = Module as unknown as {
        _load: ModuleLoad
        _resolveFilename(request: string, parent: unknown, isMain: boolean): string
    }
    const originalLoad = moduleApi._load
    let loggerModule: HostLogger | undefined
    let distDir: string | undefined
    const logger = (): HostLogger => {
        if (!loggerModule && distDir) {
            try {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                loggerModule = (require(path.join(distDir, 'utils', 'logger')) as { default: HostLogger }).default
            } catch {
                loggerModule = consoleLogger
            }
        }
        return loggerModule ?? consoleLogger
    }
    let poolPatched = false
    let appPatched = false
    let verdict: VersionVerdict | undefined
    /** Checks the Flowise version once, on first sight of its `dist` directory; false: stay off. */
    const versionAllows = (dir: string): boolean => {
        if (!verdict) {
            verdict = checkFlowiseVersion(flowiseVersionAt(dir))
            if (!verdict.run) logger().error(verdict.error)
            else {
                if (verdict.warning) logger().warn(verdict.warning)
                // Once, eagerly, in every Flowise process (server and worker): one message per invalid feature.
                for (const problem of checkConfiguration(process.env)) logger().error(problem.message)
            }
        }
        return verdict.run
    }
    const disclosure = disclosurePatches(
        () => getRuntime().decisions,
        (message) => logger().error(message)
    )
    const inspect = (request: string, parent: unknown, isMain: boolean, exports: Record<string, unknown>) => {
        // Own properties only: reading a missing property of a module that is still loading
        // (a circular require) makes Node print a warning.
        const own = (name: string): unknown => (Object.prototype.hasOwnProperty.call(exports, name) ? exports[name] : undefined)
        // They are in Flowise's dist/utils: the version checked is that of the dist directory above.
        const distOfUtils = () => path.dirname(path.dirname(moduleApi._resolveFilename(request, parent, isMain)))
        if (!disclosure.done) disclosure.patch(exports, own, () => versionAllows(distOfUtils()))
        const NodesPool = own('NodesPool') as { prototype: NodesPoolLike } | undefined
        if (!poolPatched && typeof NodesPool?.prototype?.loadNodesFromDir === 'function') {
            poolPatched = true
            distDir ??= path.dirname(moduleApi._resolveFilename(request, parent, isMain))
            if (versionAllows(distDir)) patchNodesPool(NodesPool, logger)
        }
        const App = own('App') as { prototype: FlowiseAppLike } | undefined
        if (!appPatched && typeof App?.prototype?.config === 'function' && typeof own('start') === 'function') {
            appPatched = true
            distDir = path.dirname(moduleApi._resolveFilename(request, parent, isMain))
            if (versionAllows(distDir)) patchApp(App, distDir, logger)
        }
    }
    moduleApi._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
        // eslint-disable-next-line prefer-rest-params
        const exports = originalLoad.apply(this, arguments as unknown as Parameters<ModuleLoad>) as Record<string, unknown> | undefined
        if (!exports || typeof exports !== 'object') return exports
        try {
            inspect(request, parent, isMain, exports)
        } catch (error) {
            // Whatever the plugin fails at, Flowise's own module is returned as it loaded.
            poolPatched = appPatched = true
            disclosure.stop()
            logger().error(`[orquesta] hooking Flowise failed: ${(error as Error).message}; the plugin stays off. Flowise runs on.`)
        }
        if (poolPatched && appPatched && disclosure.done) moduleApi._load = originalLoad
        return exports
    }
}
