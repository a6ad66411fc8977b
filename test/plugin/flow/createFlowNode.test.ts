import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { createFlowNode } from '../../../plugin/flow/createFlowNode'
import { parseFlowData } from '../../../plugin/flow/flowData'
import { MARKETPLACE_DIR, realCatalog } from '../../support/catalog'

type Param = {
    id: string
    name: string
    type: string
    additionalParams?: boolean
    display?: boolean
    fileType?: string
    [k: string]: unknown
}

describe('createFlowNode builds node data as the Flowise canvas does', () => {
    let catalog: CapabilityCatalog
    before(async () => {
        catalog = await realCatalog()
    })

    it('puts the credential parameter first and leaves credential empty until one is chosen', () => {
        const node = createFlowNode(catalog.get('openAIEmbeddings')!, 'openAIEmbeddings_0', { x: 0, y: 0 })
        const [first] = node.data.inputParams as Param[]
        assert.equal(first.id, 'openAIEmbeddings_0-input-credential-credential')
        assert.deepEqual(first.credentialNames, ['openAIApi'])
        assert.equal(node.data.credential, '')
    })

    it('keeps every field of each input: additionalParams (not additional), file types, show/hide evaluated into display', () => {
        const pdf = createFlowNode(catalog.get('pdfFile')!, 'pdfFile_0', { x: 0, y: 0 })
        const params = pdf.data.inputParams as Param[]
        assert.ok(params.every((p) => !('additional' in p)))
        assert.equal(params.find((p) => p.name === 'pdfFile')?.fileType, '.pdf')
        assert.ok(params.some((p) => p.additionalParams === true))
        assert.ok(params.every((p) => typeof p.display === 'boolean'))
        const withConditions = catalog.entries().flatMap((e) => (e.canvas.inputs ?? []).filter((i) => i.show || i.hide).map(() => e))
        assert.ok(withConditions.length > 0, 'the stock catalog has inputs with show/hide conditions')
        const entry = withConditions[0]
        const node = createFlowNode(entry, `${entry.name}_0`, { x: 0, y: 0 })
        const hidden = [...(node.data.inputParams as Param[]), ...(node.data.inputAnchors as Param[])].filter((p) => p.display === false)
        assert.ok(hidden.length > 0, `${entry.name}: a conditional input is hidden for the default values`)
    })

    it('writes every input into data.inputs (default, or empty), as the canvas does', () => {
        const entry = catalog.get('conversationalRetrievalQAChain')!
        const node = createFlowNode(entry, 'c_0', { x: 0, y: 0 })
        for (const input of entry.canvas.inputs ?? []) assert.ok((input.name as string) in (node.data.inputs ?? {}), String(input.name))
    })

    it('keeps every parameter and anchor, and gives the same output handles, as the nodes of the marketplace templates (same node version)', () => {
        let compared = 0
        for (const file of readdirSync(MARKETPLACE_DIR).filter((f) => f.endsWith('.json'))) {
            const flow = parseFlowData(readFileSync(path.join(MARKETPLACE_DIR, file), 'utf8'))
            for (const saved of flow.nodes) {
                const entry = catalog.get(saved.data.name)
                if (!entry || entry.version !== saved.data.version) continue
                const created = createFlowNode(entry, saved.id, { x: 0, y: 0 })
                // Nothing the canvas wrote is missing (a template may predate an input added without a version bump).
                // By name: a template may also predate an input's type change.
                const names = (list: unknown) => (list as Param[]).map((p) => p.name)
                const missing = (mine: unknown, theirs: unknown) => names(theirs).filter((name) => !names(mine).includes(name))
                assert.deepEqual(missing(created.data.inputParams, saved.data.inputParams), [], `${file}: ${saved.id} parameters`)
                assert.deepEqual(missing(created.data.inputAnchors, saved.data.inputAnchors), [], `${file}: ${saved.id} anchors`)
                // Output handles by name (older canvases wrote no `description`); template handles that do not match their own name are hand edits, skipped.
                type Handle = { id?: string; name?: string }
                const handles = (list: unknown) => (list as (Handle & { options?: Handle[] })[]).flatMap((o): Handle[] => o.options ?? [o])
                const theirs = handles(saved.data.outputAnchors).filter((h) => h.id?.startsWith(`${saved.id}-output-${h.name}-`))
                // The classes after the last dash follow the node's current base classes (templates predate some).
                for (const handle of theirs)
                    assert.ok(
                        handles(created.data.outputAnchors).some(
                            (o) => o.name === handle.name && o.id?.startsWith(`${saved.id}-output-${handle.name}-`)
                        ),
                        `${file}: ${saved.id} output ${handle.name}`
                    )
                compared++
            }
        }
        assert.ok(compared >= 20, `compared ${compared} nodes`)
    })
})
