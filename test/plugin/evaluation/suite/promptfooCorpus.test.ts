import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseSuite } from '../../../../plugin/evaluation/suite/parseSuite'
import { SuiteFormatError } from '../../../../plugin/evaluation/suite/SuiteFormatError'

/** promptfoo configs written by users, with their data files (read in place, never copied: see its INDEX.md). */
const CORPUS_DIR = path.resolve(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'corpus', 'promptfoo')

/** The INDEX's rows: the folder (a repository's directory) and the config's path in it. */
const configs = (): { folder: string; config: string }[] =>
    readFileSync(path.join(CORPUS_DIR, 'INDEX.md'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('| ') && !line.startsWith('| folder') && !line.startsWith('|---'))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map(([, folder, config]) => ({ folder, config }))

/** Script files a config names (`file://x.py`, `file://checks/a.mjs:fn`, `python:provider.py`). */
const scriptsNamedIn = (text: string): string[] =>
    [...text.matchAll(/(?:file:\/\/|python:\s*)([^\s'",:)\]}]+\.(?:py|js|mjs|cjs|ts))(?![\w.])/g)].map((m) => m[1])

// With the server's default judge and embedding model set, as an operator would (promptfoo has its own defaults).
const DEFAULTS = { judgeModel: 'house-judge', embeddingModel: 'house-embedder' }

describe('promptfoo configs users wrote (../shared/corpus/promptfoo)', () => {
    const rows = configs()

    it('finds the configs of the INDEX', () => {
        assert.ok(rows.length >= 60, `${rows.length} rows`)
        for (const { folder, config } of rows) assert.ok(existsSync(path.join(CORPUS_DIR, folder, config)), `${folder}/${config}`)
    })

    it('loads each config, or refuses it naming the place, the field and the missing file', () => {
        let withFiles = 0
        let loadedWithFiles = 0
        const refused: string[] = []
        for (const { folder, config } of rows) {
            const file = path.join(CORPUS_DIR, folder, config)
            const text = readFileSync(file, 'utf8')
            const label = `${folder}/${config}`
            let problems: SuiteFormatError['problems'] | undefined
            try {
                parseSuite(text, {
                    fileName: file,
                    baseDir: path.dirname(file),
                    rootDir: path.join(CORPUS_DIR, folder),
                    defaults: DEFAULTS
                })
            } catch (error) {
                assert.ok(error instanceof SuiteFormatError, `${label}: ${String(error)}`)
                problems = error.problems
            }
            const missing = scriptsNamedIn(text).filter((script) => !existsSync(path.resolve(path.dirname(file), script)))
            // A file that is not valid YAML is refused for that first (its references cannot be read).
            const unreadable = problems?.some((p) => p.message.startsWith('syntax error')) ?? false
            if (missing.length > 0 && !unreadable) {
                assert.ok(problems, `${label} names missing script files (${missing.join(', ')}) but loaded`)
                const said = problems.map((p) => p.message).join('\n')
                assert.ok(
                    missing.some((script) => said.includes(`${path.basename(script)}: file not found`)),
                    `${label}: no problem names a missing file of ${missing.join(', ')}:\n${said}`
                )
            }
            for (const problem of problems ?? []) {
                assert.ok(problem.where.trim() !== '', `${label}: a problem without a place: ${problem.message}`)
                assert.ok(/[;:]/.test(problem.message) || / must | needs /.test(problem.message), `${label}: ${problem.message}`)
                const notFound = /\(([^()]+)\); add the file/.exec(problem.message)
                if (notFound) assert.ok(!existsSync(notFound[1]), `${label}: says ${notFound[1]} is missing, but it exists`)
            }
            const filesPresent = !(problems ?? []).some((p) => /file not found/.test(p.message))
            if (filesPresent && !/^redteam:/m.test(text)) {
                withFiles++
                if (!problems) loadedWithFiles++
                else refused.push(`${label}: ${problems.map((p) => p.message.slice(0, 120)).join(' | ')}`)
            }
        }
        // The goal (60%), on the configs whose files are all there.
        assert.ok(
            loadedWithFiles >= 0.6 * withFiles,
            `${loadedWithFiles} of ${withFiles} configs with all their files load:\n${refused.join('\n')}`
        )
    })
})
