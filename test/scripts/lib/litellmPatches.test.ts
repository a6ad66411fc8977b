import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { LITELLM_PATCHES, ROOT } from '../../../scripts/lib/paths'
import { startTestStack, type TestStack } from '../../support/stack'

const PYTHON = path.join(ROOT, '.venv', 'bin', 'python')
/** Whether LiteLLM's stream wrapper has a finalizer, in the project's virtual environment with `env`. */
const hasFinalizer = (env: NodeJS.ProcessEnv): boolean =>
    execFileSync(
        PYTHON,
        ['-c', "import litellm.litellm_core_utils.streaming_handler as s; print('__del__' in vars(s.CustomStreamWrapper))"],
        { env: { ...env, LITELLM_LOCAL_MODEL_COST_MAP: 'True' }, encoding: 'utf8' }
    )
        .trim()
        .split('\n')
        .at(-1) === 'True'

describe('the LiteLLM proxy runs without the finalizer that crashes it (CPython gh-148891)', { timeout: 180_000 }, () => {
    let stack: TestStack
    before(async () => {
        stack = await startTestStack()
    })
    after(async () => {
        await stack?.stop()
    })

    it('the pinned LiteLLM has the finalizer, and the patches folder removes it', () => {
        const { PYTHONPATH: _ignored, ...bare } = process.env
        assert.equal(hasFinalizer(bare), true, 'when LiteLLM no longer has it, litellm-patches can go')
        assert.equal(hasFinalizer({ ...bare, PYTHONPATH: LITELLM_PATCHES }), false)
    })

    it('the proxy the scripts start has the patches first on its PYTHONPATH, and keeps what it was given', () => {
        const environ = readFileSync(`/proc/${stack.litellm.process.pid}/environ`, 'utf8').split('\0')
        const pythonPath = environ
            .find((v) => v.startsWith('PYTHONPATH='))
            ?.slice('PYTHONPATH='.length)
            .split(path.delimiter)
        assert.deepEqual(pythonPath, [LITELLM_PATCHES, path.join(ROOT, 'test', 'support', 'python')])
        assert.ok(environ.includes('PYTHONFAULTHANDLER=1'))
    })
})
