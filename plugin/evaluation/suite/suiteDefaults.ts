import { z } from 'zod'
import { InvalidPluginConfigError } from '../../config'

/** What the server supplies to suites that do not say: promptfoo configs rely on promptfoo's default grader and embedder. */
export interface SuiteDefaults {
    /** The judge of judge-graded assertions in suites that pin none (temperature 0). */
    readonly judgeModel?: string
    /** The embedding model of `similar` assertions in suites that pin none. */
    readonly embeddingModel?: string
}

const modelName = z.string().trim().min(1).max(200).optional()
const envSchema = z.object({ ORQUESTA_EVAL_JUDGE_MODEL: modelName, ORQUESTA_EVAL_EMBEDDING_MODEL: modelName })

/** Reads the defaults from the environment (read where suites are parsed, the parsing thread included); throws InvalidPluginConfigError naming the variable. */
export const loadSuiteDefaults = (env: NodeJS.ProcessEnv = process.env): SuiteDefaults => {
    const blankless = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
    const parsed = envSchema.safeParse(blankless)
    if (!parsed.success) throw new InvalidPluginConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    return { judgeModel: parsed.data.ORQUESTA_EVAL_JUDGE_MODEL, embeddingModel: parsed.data.ORQUESTA_EVAL_EMBEDDING_MODEL }
}
