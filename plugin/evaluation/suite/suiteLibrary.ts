import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { DEFAULT_SUITE_NAME } from '../triggerPolicy'
import type { EvaluationSuite } from '../types'
import { loadSuite } from './parseSuite'

const SUITE_FILE = /^[A-Za-z0-9][\w.-]*\.(ya?ml|json)$/

/**
 * The suites an Evaluation Trigger's author can choose from: `default` (the configured suite)
 * and the YAML and JSON files of the suites directory (ORQUESTA_EVAL_SUITES_DIR). Only names
 * listed there load: a name is never a path.
 */
export class SuiteLibrary {
    constructor(
        private readonly dir: string | undefined,
        private readonly defaultSuite: () => Promise<EvaluationSuite>
    ) {}

    /** `default`, then the directory's suite files in name order (none when it is missing). */
    async names(): Promise<string[]> {
        const files = this.dir ? await readdir(this.dir).catch(() => [] as string[]) : []
        return [DEFAULT_SUITE_NAME, ...files.filter((f) => SUITE_FILE.test(f)).sort()]
    }

    /** The suite of a listed name; throws SuiteFormatError for a bad file, Error for an unknown name. */
    async load(name: string): Promise<EvaluationSuite> {
        if (name === DEFAULT_SUITE_NAME) return this.defaultSuite()
        if (!this.dir || !SUITE_FILE.test(name) || !(await this.names()).includes(name)) {
            throw new Error(`no suite named ${name} in the suites directory (ORQUESTA_EVAL_SUITES_DIR)`)
        }
        return loadSuite(path.join(this.dir, name))
    }
}
