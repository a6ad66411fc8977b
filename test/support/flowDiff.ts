import { isDeepStrictEqual } from 'node:util'
import type { FlowData, FlowNode } from '../../plugin/flow/flowData'
import { referencedNodes } from '../../plugin/flow/handles'
import type { FlowChange } from '../../plugin/optimizer/types'

/** What differs between two flows, node by node. */
export interface FlowDiff {
    readonly added: ReadonlySet<string>
    readonly removed: ReadonlySet<string>
    /** Nodes in both whose data differs other than by references to added or removed nodes. */
    readonly changed: ReadonlySet<string>
}

const withoutReferences = (node: FlowNode, moved: ReadonlySet<string>) => ({
    ...node.data,
    inputs: Object.fromEntries(Object.entries(node.data.inputs ?? {}).filter(([, v]) => !referencedNodes(v).some((id) => moved.has(id))))
})

/** The node-level difference between a flow and its optimized copy. */
export const diffFlows = (before: FlowData, after: FlowData): FlowDiff => {
    const old = new Map(before.nodes.map((n) => [n.id, n]))
    const current = new Map(after.nodes.map((n) => [n.id, n]))
    const added = new Set([...current.keys()].filter((id) => !old.has(id)))
    const removed = new Set([...old.keys()].filter((id) => !current.has(id)))
    const moved = new Set([...added, ...removed])
    const changed = new Set(
        [...current.keys()].filter(
            (id) => old.has(id) && !isDeepStrictEqual(withoutReferences(old.get(id)!, moved), withoutReferences(current.get(id)!, moved))
        )
    )
    return { added, removed, changed }
}

/** The nodes a change says it removed (the rest of its nodes it says are in the output). */
const removedBy = (change: FlowChange): readonly string[] =>
    change.pass === 'remove-unreachable-nodes'
        ? change.nodeIds
        : change.pass === 'merge-duplicate-nodes'
          ? change.nodeIds.slice(1)
          : change.pass === 'route-through-router' && change.nodeIds.length === 2
            ? change.nodeIds.slice(0, 1)
            : []

/** Passes whose change's `after` is the inputs it set on its first node. */
const SETS_INPUTS = new Set(['set-timeouts', 'apply-constraints'])

/**
 * Problems with a report against the diff it describes: a node a change names that is not in
 * the output as the change says (removed, kept, or with the inputs it set), or a node that
 * differs with no change naming it.
 */
export const reportMismatches = (before: FlowData, after: FlowData, changes: readonly FlowChange[]): string[] => {
    const diff = diffFlows(before, after)
    const output = new Map(after.nodes.map((n) => [n.id, n]))
    const problems: string[] = []
    for (const change of changes) {
        const removed = new Set(removedBy(change))
        for (const id of change.nodeIds) {
            if (removed.has(id) && output.has(id)) problems.push(`${change.pass} says it removed ${id}, which is in the output`)
            if (!removed.has(id) && !output.has(id))
                problems.push(`${change.pass} changed ${id}, which is not in the output: ${change.reason}`)
        }
        if (SETS_INPUTS.has(change.pass) && output.has(change.nodeIds[0])) {
            const inputs = output.get(change.nodeIds[0])!.data.inputs ?? {}
            for (const [key, value] of Object.entries(change.after as Record<string, unknown>))
                if (!isDeepStrictEqual(inputs[key], value))
                    problems.push(
                        `${change.pass} reports ${change.nodeIds[0]}.${key} = ${JSON.stringify(value)}, the output has ${JSON.stringify(inputs[key])}`
                    )
        }
    }
    const named = new Set(changes.flatMap((c) => c.nodeIds))
    for (const id of [...diff.added, ...diff.removed, ...diff.changed])
        if (!named.has(id)) problems.push(`${id} differs in the output but no change names it`)
    return problems
}
