import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CapabilityCatalog } from '../../../plugin/capabilities/CapabilityCatalog'
import { describeNode } from '../../../plugin/capabilities/describeNode'

const entry = (name: string, filePath: string, hash = 'h1', extra: Record<string, unknown> = {}) =>
    describeNode({ name, category: 'Tools', baseClasses: ['Tool'], ...extra }, filePath, hash)

describe('CapabilityCatalog', () => {
    it('reports added, changed (by hash) and removed nodes', () => {
        const catalog = new CapabilityCatalog()
        assert.deepEqual(catalog.apply([{ filePath: '/a.js', kind: 'node', entry: entry('a', '/a.js') }]).added, ['a'])
        assert.deepEqual(catalog.apply([{ filePath: '/a.js', kind: 'node', entry: entry('a', '/a.js') }]).changed, [])
        assert.deepEqual(catalog.apply([{ filePath: '/a.js', kind: 'node', entry: entry('a', '/a.js', 'h2') }]).changed, ['a'])
        assert.deepEqual(catalog.apply([{ filePath: '/a.js', kind: 'none' }]).removed, ['a'])
        assert.equal(catalog.size, 0)
    })

    it('treats a node that moves files within one update as changed', () => {
        const catalog = new CapabilityCatalog()
        catalog.apply([{ filePath: '/old.js', kind: 'node', entry: entry('a', '/old.js') }])
        const diff = catalog.apply([
            { filePath: '/old.js', kind: 'none' },
            { filePath: '/new.js', kind: 'node', entry: entry('a', '/new.js') }
        ])
        assert.deepEqual([diff.added, diff.changed, diff.removed], [[], ['a'], []])
    })

    it('drops the old name when a file renames its node', () => {
        const catalog = new CapabilityCatalog()
        catalog.apply([{ filePath: '/a.js', kind: 'node', entry: entry('a', '/a.js') }])
        const diff = catalog.apply([{ filePath: '/a.js', kind: 'node', entry: entry('b', '/a.js', 'h2') }])
        assert.deepEqual([diff.added, diff.removed], [['b'], ['a']])
    })

    it('keeps the last good entry of a failing file and clears the failure when it loads', () => {
        const catalog = new CapabilityCatalog(() => new Date('2026-01-01T00:00:00Z'))
        catalog.apply([{ filePath: '/a.js', kind: 'node', entry: entry('a', '/a.js') }])
        const failed = catalog.apply([{ filePath: '/a.js', kind: 'failed', message: 'boom' }])
        assert.deepEqual(failed.failures, [{ filePath: '/a.js', message: 'boom', at: '2026-01-01T00:00:00.000Z' }])
        assert.ok(catalog.get('a'))
        const fixed = catalog.apply([{ filePath: '/a.js', kind: 'node', entry: entry('a', '/a.js', 'h2') }])
        assert.deepEqual(fixed.recovered, ['/a.js'])
        assert.deepEqual(catalog.loadFailures(), [])
    })

    it('filters by text, category, capability and base class', () => {
        const catalog = new CapabilityCatalog()
        catalog.apply([
            { filePath: '/t.js', kind: 'node', entry: entry('calculator', '/t.js', 'h', { description: 'Does arithmetic' }) },
            {
                filePath: '/m.js',
                kind: 'node',
                entry: describeNode({ name: 'gpt', category: 'Chat Models', baseClasses: ['ChatOpenAI', 'BaseChatModel'] }, '/m.js', 'h')
            }
        ])
        const names = (q: Parameters<CapabilityCatalog['query']>[0]) => catalog.query(q).map((e) => e.name)
        assert.deepEqual(names({ text: 'ARITH' }), ['calculator'])
        assert.deepEqual(names({ category: 'Chat Models' }), ['gpt'])
        assert.deepEqual(names({ capability: 'tool-calling' }), ['gpt'])
        assert.deepEqual(names({ baseClass: 'Tool' }), ['calculator'])
        assert.deepEqual(names({}), ['calculator', 'gpt'])
    })
})
