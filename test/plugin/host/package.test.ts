import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { SUPPORTED_FLOWISE_LINES } from '../../../plugin/host/flowiseVersion'
import { isFlowiseProcess } from '../../../plugin/host/isFlowiseProcess'
import { withPreload } from '../../../plugin/cli/nodeOptions'
import { ROOT } from '../../../scripts/lib/paths'

interface Manifest {
    name: string
    private?: boolean
    version: string
    main: string
    bin: Record<string, string>
    exports: Record<string, string>
    files: string[]
    scripts: Record<string, string>
    peerDependencies: Record<string, string>
    devDependencies: Record<string, string>
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest

/** What `npm pack` would put in the tarball (from the built dist/, without running prepack again). */
const packed = (): string[] => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
    })
    return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path)
}

describe('the npm package', () => {
    it('is publishable, builds before packing, and exports the preload and the CLI', () => {
        assert.equal(manifest.name, 'flowise-orquesta')
        assert.notEqual(manifest.private, true)
        assert.match(manifest.scripts.prepack, /scripts\/build\.mjs/)
        assert.equal(manifest.exports['./preload'], './dist/plugin/host/preload.js')
        assert.equal(manifest.exports['.'], `./${manifest.main}`)
        assert.equal(manifest.bin['orquesta-flowise'], 'dist/plugin/cli/main.js')
    })

    it('declares the Flowise range it is tested on, the one the plugin supports', () => {
        const range = manifest.peerDependencies.flowise
        const [, low, lowMinor, high] = /^>=(\d+\.(\d+))\.\d+ <(\d+\.\d+)\.0$/.exec(range) ?? []
        assert.ok(low, `peerDependencies.flowise is a >=x.y.z <x.(y+1).0 range: ${range}`)
        assert.deepEqual([low], SUPPORTED_FLOWISE_LINES, 'the range is the supported line of plugin/host/flowiseVersion.ts')
        assert.equal(high, `${low.split('.')[0]}.${Number(lowMinor) + 1}`)
        assert.equal(manifest.peerDependencies['flowise-components'], range, 'flowise-components narrowed to the same range')
        const tested = manifest.devDependencies.flowise
        assert.ok(tested.startsWith(`${low}.`), `the tested Flowise (${tested}) is in the range`)
        assert.match(
            readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'),
            new RegExp(`^FROM flowiseai/flowise:${tested.replace(/\./g, '\\.')}$`, 'm')
        )
    })

    it('packs what runs and nothing else: no tests, benches, sources, maps or untracked files', () => {
        const files = packed()
        const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n'))
        for (const needed of [
            'dist/plugin/host/preload.js',
            'dist/plugin/index.js',
            'dist/plugin/cli/main.js',
            'dist/nodes/LiteLLMRouter/LiteLLMRouter.js',
            'dist/nodes/LiteLLMRouter/litellm-router.svg',
            'dist/nodes/FlowOptimizer/FlowOptimizer.js',
            'dist/nodes/EvaluationTrigger/EvaluationTrigger.js',
            'dist/credentials/LiteLLMRouterApi.credential.js',
            'plugin/evaluation/suites/default.yaml',
            'litellm-config.yaml',
            'litellm-patches/sitecustomize.py',
            'requirements-litellm.txt',
            'requirements-pip.txt',
            'package.json'
        ])
            assert.ok(files.includes(needed), `${needed} is packed`)
        for (const file of files) {
            assert.doesNotMatch(file, /^dist\/(test|bench|scripts)\/|\.map$|\.test\.|(^|\/)test\//, `${file} is not packed`)
            // Every compiled file comes from a tracked source; every other file is tracked itself.
            const source = file.startsWith('dist/') ? file.slice(5).replace(/\.js$/, '.ts') : file
            assert.ok(tracked.has(source) || file === 'package.json', `${file} comes from a tracked file (${source})`)
        }
    })
})

describe('the preload in processes that are not Flowise', () => {
    it('recognises flowise start and worker, and nothing else', () => {
        const bin = path.join(ROOT, 'node_modules', 'flowise', 'bin', 'run')
        assert.equal(isFlowiseProcess(['node', bin, 'start']), true)
        assert.equal(isFlowiseProcess(['node', bin, 'worker']), true)
        assert.equal(isFlowiseProcess(['node', '/usr/local/bin/flowise', 'start']), true)
        assert.equal(isFlowiseProcess(['node', bin, 'user']), false)
        assert.equal(isFlowiseProcess(['node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'start']), false)
        assert.equal(isFlowiseProcess(['node', '/srv/app/bin/run', 'start']), false, 'another package’s bin/run')
        assert.equal(isFlowiseProcess(['node']), false)
    })

    it('loads no plugin module into node -e', () => {
        const preload = path.join(ROOT, 'dist', 'plugin', 'host', 'preload.js')
        const result = spawnSync(process.execPath, ['-e', 'console.log(JSON.stringify(Object.keys(require.cache)))'], {
            env: { ...process.env, NODE_OPTIONS: withPreload(process.env.NODE_OPTIONS, preload) },
            encoding: 'utf8'
        })
        assert.equal(result.status, 0, result.stderr)
        const loaded = JSON.parse(result.stdout) as string[]
        assert.deepEqual(loaded.map((f) => path.relative(ROOT, f)).sort(), [
            'dist/plugin/host/isFlowiseProcess.js',
            'dist/plugin/host/preload.js'
        ])
    })

    it('appends the preload to NODE_OPTIONS, keeping what is there, once', () => {
        assert.equal(withPreload('--max-old-space-size=8192', '/p/preload.js'), '--max-old-space-size=8192 --require /p/preload.js')
        assert.equal(withPreload(undefined, '/p/preload.js'), '--require /p/preload.js')
        assert.equal(withPreload('--require /p/preload.js', '/p/preload.js'), '--require /p/preload.js')
        assert.equal(withPreload('', '/my dir/preload.js'), '--require "/my dir/preload.js"')
    })
})
