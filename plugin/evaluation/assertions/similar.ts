import { z } from 'zod'
import { binary, excerpt, negateIf, type AssertionDefinition } from './types'

const text = z.string().min(1, 'similar: the expected text must not be empty')
const similarSchema = z
    .object({
        type: z.literal('similar'),
        /** The expected text, or several: the closest one decides. */
        value: z.union([text, z.array(text).min(1)], {
            errorMap: () => ({ message: 'similar needs `value`: the expected text (or a list)' })
        }),
        /** Least cosine similarity that passes (promptfoo's default 0.75). */
        threshold: z.number().min(-1).max(1).default(0.75),
        not: z.boolean().optional()
    })
    .strict()

export type SimilarSpec = z.infer<typeof similarSchema>

const cosine = (a: readonly number[], b: readonly number[]): number => {
    let dot = 0
    let na = 0
    let nb = 0
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
        dot += a[i] * b[i]
        na += a[i] * a[i]
        nb += b[i] * b[i]
    }
    return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb)
}

/**
 * The output's embedding is within `threshold` cosine similarity of the expected text's
 * (the closest of several), embedded by the suite's embedding model through the proxy. The score
 * is the similarity (clamped to [0, 1]); without an embedding model it fails with the reason.
 */
export const similar: AssertionDefinition<SimilarSpec> = {
    type: 'similar',
    summary: 'the output is semantically similar (cosine of embeddings ≥ `threshold`) to `value`',
    schema: similarSchema,
    async evaluate(spec, output, context) {
        if (!context.embed)
            return binary(
                'similar',
                false,
                "no embedding model: set the suite's `embeddingModel` (or ORQUESTA_EVAL_EMBEDDING_MODEL on the server)"
            )
        const expected = typeof spec.value === 'string' ? [spec.value] : spec.value
        let vectors: number[][]
        try {
            vectors = await context.embed([output, ...expected])
        } catch (error) {
            return binary('similar', false, `the embedding call failed: ${(error as Error).message}`)
        }
        if (vectors.length !== expected.length + 1)
            return binary('similar', false, `the embedding model returned ${vectors.length} vectors for ${expected.length + 1} texts`)
        const scores = expected.map((_, i) => cosine(vectors[0], vectors[i + 1]))
        const best = Math.max(...scores)
        const closest = expected[scores.indexOf(best)]
        const pass = best >= spec.threshold
        const result = {
            type: 'similar',
            pass,
            score: Math.min(1, Math.max(0, best)),
            reason: `cosine similarity ${best.toFixed(4)} to ${excerpt(closest)} (threshold ${spec.threshold})`
        }
        return negateIf(spec.not, result)
    }
}
