import { writeFileSync } from 'node:fs'

export interface SyntheticNode {
    readonly name: string
    readonly label?: string
    readonly category?: string
    readonly version?: number
    readonly description?: string
    readonly baseClasses?: readonly string[]
    readonly inputs?: readonly Record<string, unknown>[]
    /** Make the constructor throw. */
    readonly throws?: string
    /** Body of `init` (JavaScript), e.g. a LangChain object to return. */
    readonly init?: string
    /** Extra module code before the class (requires, helpers). */
    readonly prelude?: string
}

/** The source of a Flowise node file (CommonJS, exporting `nodeClass`), as a plugin author writes one. */
export const nodeSource = (node: SyntheticNode): string => `${node.prelude ?? ''}
class ${node.name.replace(/[^A-Za-z0-9_]/g, '_')}_Node {
    constructor() {
        ${node.throws ? `throw new Error(${JSON.stringify(node.throws)})` : ''}
        this.label = ${JSON.stringify(node.label ?? node.name)}
        this.name = ${JSON.stringify(node.name)}
        this.version = ${node.version ?? 1}
        this.type = ${JSON.stringify(node.name)}
        this.icon = 'node.svg'
        this.category = ${JSON.stringify(node.category ?? 'Utilities')}
        this.description = ${JSON.stringify(node.description ?? `test node ${node.name}`)}
        this.baseClasses = ${JSON.stringify(node.baseClasses ?? [node.name])}
        this.inputs = ${JSON.stringify(node.inputs ?? [])}
    }
    async init(nodeData, input, options) {
        ${node.init ?? 'return undefined'}
    }
}
module.exports = { nodeClass: ${node.name.replace(/[^A-Za-z0-9_]/g, '_')}_Node }
`

export const writeNode = (filePath: string, node: SyntheticNode): void => writeFileSync(filePath, nodeSource(node))
