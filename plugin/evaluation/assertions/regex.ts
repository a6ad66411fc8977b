import { RE2JS } from 're2js'
import { z } from 'zod'
import { binary, excerpt, negateIf, type AssertionDefinition } from './types'

/** Longest pattern accepted (characters): far above real assertions, and bounds compilation. */
export const MAX_PATTERN_LENGTH = 4_096

const FLAG_BITS: Readonly<Record<string, number>> = {
    i: RE2JS.CASE_INSENSITIVE,
    m: RE2JS.MULTILINE,
    s: RE2JS.DOTALL,
    // RE2 always matches by code point, as JavaScript's `u` flag does.
    u: 0
}

/**
 * Compiles with RE2 (re2js, pure JavaScript), which matches in time linear in the output's
 * length whatever the pattern: `^(a+)+$` cannot freeze the host as a backtracking RegExp does.
 * Throws RE2JSSyntaxException for invalid patterns and for what RE2 leaves out on purpose
 * (backreferences, lookahead and lookbehind).
 */
const compile = (pattern: string, flags: string): RE2JS =>
    RE2JS.compile(
        pattern,
        [...flags].reduce((bits, flag) => bits | (FLAG_BITS[flag] ?? 0), 0)
    )

const regexSchema = z
    .object({
        type: z.literal('regex'),
        pattern: z
            .string()
            .min(1, 'regex: `pattern` must not be empty')
            .max(MAX_PATTERN_LENGTH, `regex: \`pattern\` is at most ${MAX_PATTERN_LENGTH} characters`),
        /** Flags as in JavaScript: `i`, `m`, `s`, `u`. `g` and `y` are refused: they make `test` stateful. */
        flags: z
            .string()
            .regex(/^[imsu]*$/, 'regex: `flags` may only contain i, m, s and u (g and y would make matching stateful)')
            .default(''),
        not: z.boolean().optional()
    })
    .strict()
    .superRefine((spec, ctx) => {
        try {
            compile(spec.pattern, spec.flags)
        } catch (error) {
            ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['pattern'],
                message:
                    `regex: invalid pattern (${(error as Error).message}); patterns use RE2 syntax, which matches in ` +
                    'linear time and has no backreferences or lookaround; remember that YAML double quotes need \\\\ for a backslash'
            })
        }
    })

export type RegexSpec = z.infer<typeof regexSchema>

/** The output matches the regular expression `pattern` (RE2 syntax: JavaScript's, without backreferences and lookaround). */
export const regex: AssertionDefinition<RegexSpec> = {
    type: 'regex',
    summary: 'the output matches `pattern` (RE2 syntax, linear time, with `flags`)',
    schema: regexSchema,
    async evaluate(spec, output) {
        const matcher = compile(spec.pattern, spec.flags).matcher(output)
        const found = matcher.find()
        const shown = `/${spec.pattern}/${spec.flags}`
        const reason = found ? `${shown} matched ${excerpt(matcher.group() ?? '')}` : `${shown} does not match ${excerpt(output)}`
        return negateIf(spec.not, binary('regex', found, reason))
    }
}
