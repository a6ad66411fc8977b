import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { checkFlowiseVersion, flowiseVersionAt } from '../../../plugin/host/flowiseVersion'

describe('Flowise version check', () => {
    it('runs on the supported release lines, and reads the installed version', () => {
        assert.deepEqual(checkFlowiseVersion('3.1.2', {}), { run: true, version: '3.1.2' })
        assert.deepEqual(checkFlowiseVersion('3.1.4', {}), { run: true, version: '3.1.4' })
        const installed = flowiseVersionAt(path.dirname(require.resolve('flowise/dist/index.js')))
        assert.equal(checkFlowiseVersion(installed, {}).run, true, installed)
    })

    it('stays off on other versions, saying which it supports, unless the operator allows it with a warning', () => {
        for (const version of ['3.0.13', '3.2.0', '4.0.0', 'unknown']) {
            const verdict = checkFlowiseVersion(version, {})
            assert.equal(verdict.run, false)
            assert.match(
                verdict.run ? '' : verdict.error,
                new RegExp(`Flowise ${version} is not a supported version \\(supported: 3\\.1\\.x\\)`)
            )
        }
        const allowed = checkFlowiseVersion('3.2.0', { ORQUESTA_ALLOW_UNSUPPORTED_FLOWISE: 'true' })
        assert.equal(allowed.run, true)
        assert.match(allowed.run ? (allowed.warning ?? '') : '', /WARNING: Flowise 3\.2\.0 is not a supported version.*running anyway/)
    })
})
