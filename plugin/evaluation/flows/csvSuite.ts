import { parse } from 'csv-parse/sync'
import { SuiteFormatError } from '../suite/SuiteFormatError'
import { MAX_SUITE_CASES } from '../suite/schema'
import { EVALUATION_CATEGORIES } from '../types'

const QUESTION_COLUMNS = ['question', 'input', 'prompt']

/**
 * A dataset as a CSV file (the form Flowise's own datasets are exported and imported in): one row
 * per case, a `question` (or `input`, `prompt`) column, an `expected` column (the answer must
 * contain it, ignoring case; rows without one only record the answer's latency and cost (they pass
 * when the answer is not empty), and optionally `category` and `id`. Returns a native suite document,
 * to be validated like any suite.
 *
 * @throws SuiteFormatError naming the row or column that is wrong
 */
export const csvSuiteDocument = (csv: string, name: string): Record<string, unknown> => {
    let rows: Record<string, string>[]
    try {
        rows = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true })
    } catch (error) {
        throw new SuiteFormatError(name, [{ where: '', message: `not a valid CSV file: ${(error as Error).message}` }])
    }
    if (rows.length === 0) throw new SuiteFormatError(name, [{ where: '', message: 'the CSV has no rows under its header' }])
    if (rows.length > MAX_SUITE_CASES)
        throw new SuiteFormatError(name, [{ where: '', message: `${rows.length} rows; a suite has at most ${MAX_SUITE_CASES} cases` }])
    const questionColumn = QUESTION_COLUMNS.find((c) => Object.hasOwn(rows[0], c))
    if (!questionColumn)
        throw new SuiteFormatError(name, [
            { where: 'line 1', message: `the CSV needs a column named ${QUESTION_COLUMNS.join(', or ')} holding the question asked` }
        ])
    const cases = rows.map((row, i) => {
        const category = row.category?.trim() || 'instruction-following'
        if (!(EVALUATION_CATEGORIES as readonly string[]).includes(category))
            throw new SuiteFormatError(name, [
                { where: `line ${i + 2}`, message: `\`category\` must be one of ${EVALUATION_CATEGORIES.join(', ')}` }
            ])
        const expected = row.expected?.trim()
        const escaped = expected?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        return {
            id: row.id?.trim() || `row-${i + 2}`,
            category,
            prompt: row[questionColumn],
            assert: [escaped ? { type: 'regex', pattern: escaped, flags: 'i' } : { type: 'regex', pattern: '\\S' }]
        }
    })
    return { name, cases }
}
