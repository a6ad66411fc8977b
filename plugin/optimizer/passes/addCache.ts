import { createFlowNode, nextNodeId } from '../../flow/createFlowNode'
import type { FlowData } from '../../flow/flowData'
import { instanceReference } from '../../flow/handles'
import type { FlowChange, OptimizerPass } from '../types'
import { numericInput } from './nodeInputs'

/**
 * The only temperature at which a cached answer is what the model would have said anyway: above
 * it the model samples, and a cache (same question, same answer) would take the variety away.
 */
export const MAX_CACHED_TEMPERATURE = 0

/**
 * Connects one cache node to the `cache` input of every chat model that has none, as the
 * canvas does (an edge and the `data.inputs` reference): Flowise's InMemoryCache, or RedisCache
 * with the user's Redis credential. Models with a temperature over
 * {@link MAX_CACHED_TEMPERATURE}, or none (blank means the provider's default, often 1), are left
 * alone and reported.
 */
export const addCache: OptimizerPass = {
    name: 'add-cache',
    description: 'Connect a cache to chat models without one (InMemoryCache, or RedisCache with a Redis credential).',
    run: (flow, { definitions, constraints }) => {
        const changes: FlowChange[] = []
        const findings: FlowChange[] = []
        const targets = flow.nodes.filter((node) => {
            const definition = definitions(node.data.name)
            const anchor = definition?.anchors.find((a) => a.name === 'cache' && a.type === 'BaseCache')
            if (!definition?.capabilities.includes('chat-model') || !anchor || node.data.inputs?.cache) return false
            const temperature = numericInput(node.data.inputs?.temperature)
            if (temperature === undefined) {
                findings.push({
                    pass: 'add-cache',
                    nodeIds: [node.id],
                    before: { temperature: node.data.inputs?.temperature ?? null },
                    after: null,
                    reason: `${node.id} has no temperature set, so the provider's default applies (often 1, varied answers); not cached`
                })
                return false
            }
            if (temperature > MAX_CACHED_TEMPERATURE) {
                findings.push({
                    pass: 'add-cache',
                    nodeIds: [node.id],
                    before: { temperature },
                    after: null,
                    reason: `${node.id} has temperature ${temperature} > ${MAX_CACHED_TEMPERATURE}: its answers vary, and a cache would repeat one; not cached`
                })
                return false
            }
            return true
        })
        const cacheName = constraints.redisCredentialId ? 'redisCache' : 'inMemoryCache'
        const cacheDefinition = definitions(cacheName)
        if (targets.length === 0 || !cacheDefinition) {
            if (targets.length > 0)
                findings.push({
                    pass: 'add-cache',
                    nodeIds: targets.map((t) => t.id),
                    before: null,
                    after: null,
                    reason: `${cacheName} is not available in this Flowise`
                })
            return { flow, changes, findings }
        }
        const cacheId = nextNodeId(cacheName, new Set(flow.nodes.map((n) => n.id)))
        const first = targets[0].position ?? { x: 0, y: 0 }
        const cacheNode = createFlowNode(cacheDefinition, cacheId, { x: first.x - 400, y: first.y })
        if (constraints.redisCredentialId) cacheNode.data.credential = constraints.redisCredentialId
        const sourceHandle = (cacheNode.data.outputAnchors as { id: string }[])[0].id
        const edges = [...flow.edges]
        const cached = new Set(targets)
        const nodes = flow.nodes.map((node) => {
            if (!cached.has(node)) return node
            const targetHandle = `${node.id}-input-cache-BaseCache`
            edges.push({
                source: cacheId,
                sourceHandle,
                target: node.id,
                targetHandle,
                type: 'buttonedge',
                id: `${cacheId}-${sourceHandle}-${node.id}-${targetHandle}`
            })
            changes.push({
                pass: 'add-cache',
                nodeIds: [node.id, cacheId],
                before: { cache: null },
                after: { cache: cacheId },
                reason: `${node.id} had no cache; repeated questions are answered from ${cacheName}`
            })
            return { ...node, data: { ...node.data, inputs: { ...node.data.inputs, cache: instanceReference(cacheId) } } }
        })
        return { flow: { ...flow, nodes: [cacheNode, ...nodes], edges } as FlowData, changes, findings }
    }
}
