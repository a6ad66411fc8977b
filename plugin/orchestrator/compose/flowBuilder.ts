import type { CatalogEntry } from '../../capabilities/types'
import { createFlowNode } from '../../flow/createFlowNode'
import type { FlowData, FlowEdge, FlowNode } from '../../flow/flowData'
import { instanceReference } from '../../flow/handles'

interface Handle {
    id: string
    name: string
    type?: string
    list?: boolean
    options?: { id: string; name: string; type: string }[]
}

/** Column width and row height of the layout (canvas px): nodes of one depth share a column, the ending node on the right. */
const COLUMN_PX = 420
const ROW_PX = 320

/**
 * Places canvas nodes and connects them the way the canvas does (an edge, and the instance
 * reference in the target's `data.inputs`, appended for list inputs), laid out in columns by
 * depth from the ending node.
 */
export class FlowBuilder {
    private readonly nodes: FlowNode[] = []
    private readonly edges: FlowEdge[] = []
    private readonly counts = new Map<string, number>()
    private readonly depthOf = new Map<string, number>()
    readonly used: string[] = []

    add(entry: CatalogEntry, depth: number, inputs: Record<string, unknown> = {}, credential?: string): FlowNode {
        const n = this.counts.get(entry.name) ?? 0
        this.counts.set(entry.name, n + 1)
        const node = createFlowNode(entry, `${entry.name}_${n}`, { x: 0, y: 0 }, inputs, credential)
        this.nodes.push(node)
        this.depthOf.set(node.id, depth)
        this.used.push(entry.name)
        return node
    }

    /** Connects `source`'s output (the one named, or the first whose classes include the anchor's type) to `target`'s anchor `anchorName`. */
    connect(source: FlowNode, target: FlowNode, anchorName: string, outputName?: string): void {
        const anchor = (target.data.inputAnchors as Handle[]).find((a) => a.name === anchorName)
        if (!anchor) throw new Error(`${target.id} has no input anchor ${anchorName}`)
        const [first] = source.data.outputAnchors as Handle[]
        let sourceHandle = first.id
        if (first.options) {
            const wanted = anchor.type ?? ''
            const option =
                first.options.find((o) => o.name === outputName) ??
                first.options.find((o) => o.type.split(' | ').includes(wanted)) ??
                first.options[0]
            sourceHandle = option.id
            source.data.outputs = { ...(source.data.outputs ?? {}), output: option.name }
        }
        const inputs = (target.data.inputs ??= {})
        const reference = instanceReference(source.id)
        inputs[anchorName] = anchor.list
            ? [...(Array.isArray(inputs[anchorName]) ? (inputs[anchorName] as string[]) : []), reference]
            : reference
        this.edges.push({
            id: `${source.id}-${sourceHandle}-${target.id}-${anchor.id}`,
            source: source.id,
            sourceHandle,
            target: target.id,
            targetHandle: anchor.id,
            type: 'buttonedge'
        })
    }

    /** Connects two Agentflow v2 nodes: from `source`'s output anchor number `output` to `target`. */
    connectStep(source: FlowNode, target: FlowNode, output = 0): void {
        const sourceHandle = (source.data.outputAnchors as Handle[])[output].id
        this.edges.push({
            id: `${source.id}-${sourceHandle}-${target.id}-${target.id}`,
            source: source.id,
            sourceHandle,
            target: target.id,
            targetHandle: target.id,
            type: 'agentFlow'
        })
    }

    /** The flow, laid out: deeper nodes to the left, one row per node of a column. */
    build(leftToRight = false): FlowData {
        const maxDepth = Math.max(0, ...this.depthOf.values())
        const rows = new Map<number, number>()
        for (const node of this.nodes) {
            const depth = this.depthOf.get(node.id) ?? 0
            const row = rows.get(depth) ?? 0
            rows.set(depth, row + 1)
            const column = leftToRight ? depth : maxDepth - depth
            node.position = { x: column * COLUMN_PX, y: row * ROW_PX }
            ;(node as { positionAbsolute?: unknown }).positionAbsolute = { ...node.position }
        }
        return { nodes: this.nodes, edges: this.edges }
    }
}
