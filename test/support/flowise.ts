import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describeNode } from '../../plugin/capabilities/describeNode'
import { createFlowNode } from '../../plugin/flow/createFlowNode'
import type { FlowEdge, FlowNode } from '../../plugin/flow/flowData'
import { connectNodes } from './flows'
import { startFlowise } from '../../scripts/lib/flowiseServer'
import { freePort, type Service } from '../../scripts/lib/processes'

/** A Flowise node definition as `GET /api/v1/nodes/:name` returns it. */
export interface NodeDefinition {
    name: string
    label: string
    version: number
    type: string
    category: string
    icon?: string
    baseClasses: string[]
    credential?: { credentialNames: string[] }
    inputs?: {
        name: string
        type: string
        label: string
        list?: boolean
        optional?: boolean
        default?: unknown
        description?: string
        loadMethod?: string
        additionalParams?: boolean
    }[]
    outputs?: { name: string; label: string; baseClasses: string[] }[]
}

export type { FlowEdge, FlowNode } from '../../plugin/flow/flowData'

/** Builds a canvas node from a definition of `GET /api/v1/nodes`, the way Flowise's UI does when a node is dropped. */
export const flowNode = (definition: NodeDefinition, id: string, inputs: Record<string, unknown>, credential?: string): FlowNode => {
    const node = createFlowNode(describeNode(definition, '', ''), id, { x: 0, y: 0 }, inputs)
    if (credential) node.data.credential = credential
    return node
}

/** Connects `source`'s (first) output to `target`'s input `inputName`, edge and `data.inputs` both. */
export const connect = (source: FlowNode, target: FlowNode, inputName: string): FlowEdge => connectNodes(source, target, inputName)

/** One server-sent event of a streaming prediction. */
export interface PredictionEvent {
    event: string
    data: unknown
}

/** A REST client for a running Flowise, authenticated with an API key. */
export class FlowiseClient {
    constructor(
        readonly baseUrl: string,
        readonly apiKey: string
    ) {}

    async request<T>(method: string, route: string, body?: unknown): Promise<T> {
        const res = await fetch(`${this.baseUrl}/api/v1${route}`, {
            method,
            headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
        })
        const text = await res.text()
        if (!res.ok) throw new Error(`${method} ${route} → HTTP ${res.status}: ${text.slice(0, 500)}`)
        return (text ? JSON.parse(text) : undefined) as T
    }

    node(name: string): Promise<NodeDefinition> {
        return this.request('GET', `/nodes/${name}`)
    }

    async createCredential(name: string, credentialName: string, plainDataObj: Record<string, string>): Promise<string> {
        const created = await this.request<{ id: string }>('POST', '/credentials', { name, credentialName, plainDataObj })
        return created.id
    }

    async createChatflow(
        name: string,
        nodes: readonly object[],
        edges: readonly object[],
        type: 'CHATFLOW' | 'AGENTFLOW' = 'CHATFLOW'
    ): Promise<string> {
        const created = await this.request<{ id: string }>('POST', '/chatflows', {
            name,
            type,
            flowData: JSON.stringify({ nodes, edges })
        })
        return created.id
    }

    predict(chatflowId: string, question: string, extra: Record<string, unknown> = {}): Promise<{ text: string; [key: string]: unknown }> {
        return this.request('POST', `/prediction/${chatflowId}`, { question, ...extra })
    }

    /** A streaming prediction: every server-sent event, in order. */
    async predictStream(chatflowId: string, question: string, extra: Record<string, unknown> = {}): Promise<PredictionEvent[]> {
        const res = await fetch(`${this.baseUrl}/api/v1/prediction/${chatflowId}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ question, streaming: true, ...extra })
        })
        if (!res.ok) throw new Error(`streaming prediction → HTTP ${res.status}: ${await res.text()}`)
        const text = await res.text()
        return text
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => JSON.parse(line.slice(5)) as PredictionEvent)
    }
}

/** The account the tests create first (it owns the organization). */
export const ADMIN = { name: 'Orquesta Test', email: 'admin@orquesta.test', password: 'Orquesta-test-1!' }

/**
 * Registers the first account (which owns the organization), logs in, and creates an API key
 * with the permissions the tests need, the way a user would through the UI.
 */
export const createApiKey = async (baseUrl: string): Promise<string> => {
    const register = await fetch(`${baseUrl}/api/v1/account/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: { name: ADMIN.name, email: ADMIN.email, credential: ADMIN.password } })
    })
    if (!register.ok) throw new Error(`register → HTTP ${register.status}: ${await register.text()}`)
    return apiKeyOf(baseUrl)
}

/** Logs the {@link ADMIN} account in and creates an API key with the permissions the tests need. */
export const apiKeyOf = async (baseUrl: string): Promise<string> => {
    const json = { 'content-type': 'application/json' }
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
    })
    if (!login.ok) throw new Error(`login → HTTP ${login.status}: ${await login.text()}`)
    const cookies = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ')
    const key = await fetch(`${baseUrl}/api/v1/apikey`, {
        method: 'POST',
        headers: { ...json, cookie: cookies, 'x-request-from': 'internal' },
        body: JSON.stringify({
            keyName: 'orquesta-tests',
            permissions: ['chatflows:view', 'chatflows:create', 'chatflows:update', 'credentials:view', 'credentials:create']
        })
    })
    if (!key.ok) throw new Error(`apikey → HTTP ${key.status}: ${await key.text()}`)
    const body = (await key.json()) as { apiKey?: string } | { apiKey?: string }[]
    const apiKey = Array.isArray(body) ? body.find((k) => k.apiKey)?.apiKey : body.apiKey
    if (!apiKey) throw new Error(`apikey answer has no key: ${JSON.stringify(body).slice(0, 300)}`)
    return apiKey
}

export interface TestFlowise {
    readonly server: Service
    readonly client: FlowiseClient
    readonly dataDir: string
    stop(): Promise<void>
}

/** Starts a real Flowise with the plugin on a fresh SQLite database and signs in. */
export const startTestFlowise = async (env: NodeJS.ProcessEnv = {}): Promise<TestFlowise> => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-flowise-'))
    const server = await startFlowise({ port: await freePort(), dataDir, env })
    try {
        const client = new FlowiseClient(server.url, await createApiKey(server.url))
        return {
            server,
            client,
            dataDir,
            stop: async () => {
                await server.stop()
                rmSync(dataDir, { recursive: true, force: true })
            }
        }
    } catch (error) {
        await server.stop()
        throw error
    }
}
