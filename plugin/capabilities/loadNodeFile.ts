import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { describeNode, type NodeInstanceLike } from './describeNode'
import type { CatalogEntry } from './types'

/** The result of loading one `.js` file: a node, a file that is not a node, or a failure. */
export type NodeFileResult =
    | { readonly kind: 'node'; readonly entry: CatalogEntry; readonly instance: NodeInstanceLike }
    | { readonly kind: 'not-a-node'; readonly hash: string }
    | { readonly kind: 'failed'; readonly message: string }

/** SHA-256 of a file's content. */
export const hashFile = async (filePath: string): Promise<string> =>
    createHash('sha256')
        .update(await fs.readFile(filePath))
        .digest('hex')

/**
 * Loads a node file the way Flowise does (require it, instantiate its exported `nodeClass`).
 * With `reload`, the file is first dropped from Node's require cache so that an edited file is
 * read again; without, a module the host already loaded is reused. Never throws: a syntax
 * error, a throwing constructor or a missing dependency is a `failed` result.
 */
export const loadNodeFile = async (filePath: string, reload: boolean): Promise<NodeFileResult> => {
    let hash: string
    try {
        hash = await hashFile(filePath)
    } catch (error) {
        return { kind: 'failed', message: `cannot read: ${(error as Error).message}` }
    }
    try {
        if (reload) delete require.cache[require.resolve(filePath)]
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(filePath) as { nodeClass?: new () => NodeInstanceLike }
        if (typeof exported?.nodeClass !== 'function') return { kind: 'not-a-node', hash }
        const instance = new exported.nodeClass()
        if (typeof instance?.name !== 'string' || instance.name === '') {
            return { kind: 'failed', message: 'its nodeClass has no name' }
        }
        return { kind: 'node', entry: describeNode(instance, filePath, hash), instance }
    } catch (error) {
        const message = ((error as Error)?.message ?? String(error)).split('\n')[0]
        return { kind: 'failed', message }
    }
}
