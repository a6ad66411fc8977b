/** The JSON value an answer contains, or why none was found. */
export type ExtractedJson =
    { readonly ok: true; readonly value: unknown; readonly from: 'answer' | 'fence' } | { readonly ok: false; readonly reason: string }

const FENCE = /```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n([\s\S]*?)\r?\n?```/

/**
 * The rule for "the answer is JSON": the whole answer, trimmed, parses as JSON (any JSON value);
 * otherwise the first fenced code block (```json, ``` or any other language tag) parses as JSON.
 * JSON embedded in prose without a fence does not count: asking for JSON and getting a
 * paragraph around it is an instruction-following failure.
 */
export const extractJson = (answer: string): ExtractedJson => {
    const whole = tryParse(answer.trim())
    if (whole.ok) return { ok: true, value: whole.value, from: 'answer' }
    const fence = FENCE.exec(answer)
    if (!fence) return { ok: false, reason: `the answer is not JSON (${whole.error}) and has no fenced code block` }
    const fenced = tryParse(fence[2].trim())
    if (fenced.ok) return { ok: true, value: fenced.value, from: 'fence' }
    return { ok: false, reason: `neither the answer nor its first fenced block is JSON (${fenced.error})` }
}

const tryParse = (text: string): { ok: true; value: unknown } | { ok: false; error: string } => {
    if (text === '') return { ok: false, error: 'empty text' }
    try {
        return { ok: true, value: JSON.parse(text) }
    } catch (error) {
        return { ok: false, error: (error as Error).message }
    }
}
