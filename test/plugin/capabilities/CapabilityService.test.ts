import assert from 'node:assert/strict'
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CapabilityService, type CatalogUpdate } from '../../../plugin/capabilities/CapabilityService'
import { CatalogCache } from '../../../plugin/capabilities/catalogCache'
import { writeNode } from '../../support/nodeFiles'
import { waitFor } from '../../support/waitFor'

describe('CapabilityService on real files with real chokidar', { timeout: 60_000 }, () => {
    let dir: string
    let cacheFile: string
    let service: CapabilityService
    const updates: CatalogUpdate[] = []
    const file = (name: string) => path.join(dir, `${name}.js`)

    before(async () => {
        dir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-nodes-'))
        cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'orquesta-cache-')), 'capabilities.json')
        writeNode(file('alpha'), { name: 'alpha', category: 'Tools', baseClasses: ['Alpha', 'Tool'] })
        writeNode(file('beta'), { name: 'beta', category: 'Chat Models', baseClasses: ['ChatOpenAI', 'BaseChatModel'] })
        writeFileSync(file('helper'), 'module.exports = { helper: true }\n')
        service = new CapabilityService({ dirs: [dir], watchDirs: [dir], cache: new CatalogCache(cacheFile) })
        service.on('update', (u) => updates.push(u))
        const stats = await service.start()
        assert.deepEqual(stats.files, 3)
        assert.equal(stats.reused, 0)
    })
    after(async () => {
        await service.stop()
        rmSync(dir, { recursive: true, force: true })
    })

    it('builds the catalog from the node files, skipping helpers', () => {
        assert.deepEqual(
            service.catalog.entries().map((e) => [e.name, e.capabilities]),
            [
                ['alpha', ['tool']],
                ['beta', ['chat-model', 'tool-calling']]
            ]
        )
    })

    it('starts warm from the disk cache, loading no unchanged file', async () => {
        const warm = new CapabilityService({ dirs: [dir], watchDirs: [], cache: new CatalogCache(cacheFile) })
        const stats = await warm.start()
        assert.equal(stats.reused, 3)
        assert.deepEqual(warm.catalog.entries(), service.catalog.entries())
    })

    it('adds a new node file', async () => {
        const before = updates.length
        writeNode(file('gamma'), { name: 'gamma', category: 'Cache', baseClasses: ['BaseCache'] })
        await waitFor('the update adding gamma', () => updates.slice(before).some((u) => u.diff.added.includes('gamma')))
        assert.deepEqual(
            updates.slice(before).flatMap((u) => u.diff.added),
            ['gamma']
        )
        assert.deepEqual(service.catalog.get('gamma')?.capabilities, ['cache'])
    })

    it('updates a changed node file', async () => {
        const before = updates.length
        writeNode(file('alpha'), { name: 'alpha', label: 'Alpha v2', category: 'Tools', baseClasses: ['Alpha', 'Tool'] })
        await waitFor('the update changing alpha', () => updates.slice(before).some((u) => u.diff.changed.includes('alpha')))
        assert.equal(service.catalog.get('alpha')?.label, 'Alpha v2')
        assert.deepEqual(
            updates.slice(before).flatMap((u) => u.diff.changed),
            ['alpha']
        )
    })

    it('keeps the last good entry when an edit breaks the file, and recovers when it is fixed', async () => {
        const before = updates.length
        writeFileSync(file('alpha'), 'class Broken { constructor( }\nmodule.exports = { nodeClass: Broken }\n')
        await waitFor('the update with the failure', () => updates.slice(before).some((u) => u.diff.failures.length > 0))
        assert.equal(service.catalog.get('alpha')?.label, 'Alpha v2', 'the last good entry stays')
        const failure = updates.slice(before).flatMap((u) => u.diff.failures)[0]
        assert.equal(failure.filePath, file('alpha'))
        assert.match(failure.message, /Unexpected token|SyntaxError|missing/i)

        writeNode(file('alpha'), { name: 'alpha', label: 'Alpha v3', category: 'Tools', baseClasses: ['Alpha', 'Tool'] })
        await waitFor('the update recovering alpha', () => updates.slice(before).some((u) => u.diff.recovered.includes(file('alpha'))))
        assert.equal(service.catalog.get('alpha')?.label, 'Alpha v3')
        assert.deepEqual(service.catalog.loadFailures(), [])
    })

    it('records a throwing constructor as a failure without losing other nodes', async () => {
        writeNode(file('delta'), { name: 'delta', throws: 'delta cannot start' })
        await waitFor('the delta failure', () => service.catalog.loadFailures().some((f) => f.message === 'delta cannot start'))
        assert.equal(service.catalog.get('delta'), undefined)
        assert.ok(service.catalog.get('beta'))
        unlinkSync(file('delta'))
    })

    it('removes a deleted node file', async () => {
        unlinkSync(file('gamma'))
        await waitFor('the update removing gamma', () => updates.some((u) => u.diff.removed.includes('gamma')))
        assert.equal(service.catalog.get('gamma'), undefined)
    })

    it('follows a renamed file', async () => {
        renameSync(file('beta'), file('beta-renamed'))
        await waitFor('beta at its new path', () => service.catalog.get('beta')?.filePath === file('beta-renamed'))
        await service.idle()
        assert.equal(service.catalog.get('beta')?.filePath, file('beta-renamed'))
    })

    it('coalesces a burst of 100 files into a few updates and loses none', async () => {
        const before = updates.length
        for (let i = 0; i < 100; i++) writeNode(file(`burst${i}`), { name: `burst${i}`, category: 'Tools', baseClasses: ['Tool'] })
        const added = () => updates.slice(before).flatMap((u) => u.diff.added)
        await waitFor('updates adding all 100 burst nodes', () => added().length >= 100, 15_000)
        const batches = updates.slice(before)
        assert.equal(service.catalog.query({ text: 'burst' }).length, 100)
        assert.equal(batches.flatMap((u) => u.diff.added).length, 100, 'every file was added exactly once')
        assert.ok(batches.length <= 10, `${batches.length} updates for 100 files`)
    })

    it('keeps the cache consistent with the catalog after changes', async () => {
        await service.idle()
        const warm = new CapabilityService({ dirs: [dir], watchDirs: [], cache: new CatalogCache(cacheFile) })
        const stats = await warm.start()
        assert.equal(stats.reused, stats.files, `${stats.reused} of ${stats.files} files from the cache`)
        assert.deepEqual(warm.catalog.entries(), service.catalog.entries())
    })
})
