import { existsSync } from 'node:fs'
import path from 'node:path'
import { loadSuite, type ParsedSuite } from './parseSuite'

const RELATIVE_PATH = path.join('plugin', 'evaluation', 'suites', 'default.yaml')

/**
 * The built-in default suite's YAML file. The YAML is not copied into `dist/`, so it is found
 * relative to the repository root: three levels above this file in the source tree
 * (`plugin/evaluation/suite/`), four above it when compiled (`dist/plugin/evaluation/suite/`).
 */
export const defaultSuitePath = (): string => {
    const candidates = [path.resolve(__dirname, '../../..', RELATIVE_PATH), path.resolve(__dirname, '../../../..', RELATIVE_PATH)]
    const found = candidates.find((candidate) => existsSync(candidate))
    if (!found) throw new Error(`The default evaluation suite is missing; looked for ${candidates.join(' and ')}`)
    return found
}

/** Loads and parses the built-in default suite. */
export const loadDefaultSuite = (): Promise<ParsedSuite> => loadSuite(defaultSuitePath())
