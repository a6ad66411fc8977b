import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { SuiteLibrary } from '../../../plugin/evaluation/suite/suiteLibrary'
import { decideTriggerFlows, decideTriggerRequest } from '../../../plugin/evaluation/triggerPolicy'
import { codeSuiteYaml, tinySuite } from '../../support/evaluation'

describe('Evaluation Trigger permissions', () => {
    const author = { models: ['alpha', 'beta'], suites: ['nightly.yaml', 'default'], allowInlineSuites: false }

    it("lets an agent narrow the author's models and suites", () => {
        assert.deepEqual(decideTriggerRequest(author, {}), {
            ok: true,
            models: ['alpha', 'beta'],
            suite: { kind: 'named', name: 'nightly.yaml' }
        })
        assert.deepEqual(decideTriggerRequest(author, { models: ['beta'], suite: 'default' }), {
            ok: true,
            models: ['beta'],
            suite: { kind: 'named', name: 'default' }
        })
    })

    it('never lets it widen them, nor send its own suite unless the author allows it', () => {
        assert.deepEqual(decideTriggerRequest(author, { models: ['beta', 'gpt-5'] }), {
            ok: false,
            error: 'this Evaluation Trigger may evaluate only alpha, beta; gpt-5 is not allowed'
        })
        assert.match(decideTriggerRequest(author, { suite: 'other.yaml' }).ok ? '' : 'refused', /refused/)
        const inline = decideTriggerRequest(author, { suiteText: 'name: mine' })
        assert.equal(inline.ok, false)
        assert.match(inline.ok ? '' : inline.error, /does not accept suites from the agent.*Allow Inline Suites/)
        assert.deepEqual(decideTriggerRequest({ ...author, allowInlineSuites: true }, { suiteText: 'name: mine' }), {
            ok: true,
            models: ['alpha', 'beta'],
            suite: { kind: 'inline', text: 'name: mine' }
        })
        // An author who chose no suites allows the configured default suite only.
        assert.equal(decideTriggerRequest({ ...author, suites: [] }, { suite: 'nightly.yaml' }).ok, false)
    })

    it("lets the agent evaluate the author's flows, narrowed, never widened", () => {
        assert.deepEqual(decideTriggerFlows([], []), { ok: true, flows: [] })
        assert.match(String((decideTriggerFlows([], ['f1']) as { error: string }).error), /evaluates models, not flows/)
        assert.deepEqual(decideTriggerFlows(['f1', 'f2'], []), { ok: true, flows: ['f1', 'f2'] })
        assert.deepEqual(decideTriggerFlows(['f1', 'f2'], ['f2']), { ok: true, flows: ['f2'] })
        assert.match(String((decideTriggerFlows(['f1'], ['f1', 'f3']) as { error: string }).error), /only the flows f1; f3 not allowed/)
    })

    it('lists and loads the suites directory by name only, never by path', async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'suites-'))
        writeFileSync(path.join(dir, 'nightly.yaml'), codeSuiteYaml('nightly', ['reasoning'], 2))
        writeFileSync(path.join(dir, 'notes.txt'), 'not a suite')
        const library = new SuiteLibrary(dir, async () => tinySuite())
        assert.deepEqual(await library.names(), ['default', 'nightly.yaml'])
        assert.equal((await library.load('nightly.yaml')).name, 'nightly')
        assert.equal((await library.load('default')).name, 'tiny')
        await assert.rejects(library.load('../nightly.yaml'), /no suite named \.\.\/nightly\.yaml/)
        await assert.rejects(library.load('notes.txt'), /no suite named notes\.txt/)
    })
})
