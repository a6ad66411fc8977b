/**
 * Nesting limits, checked without recursion so that the check itself cannot overflow the stack:
 * a 100,000-deep JSON document parses, but stringifying, validating or cloning it recursively
 * throws "Maximum call stack size exceeded" (a 500), and a deep YAML flow sequence exhausts the
 * YAML parser's memory.
 */

/** Deepest nesting of objects and arrays accepted in any document a user sends (flows, suites, bodies). */
export const MAX_NESTING_DEPTH = 64

/** The depth of `value` (a scalar is 0, `[]` is 1) when it is over `limit`; undefined when within it. */
export const depthOver = (value: unknown, limit = MAX_NESTING_DEPTH): number | undefined => {
    const stack: [unknown, number][] = [[value, 0]]
    while (stack.length > 0) {
        const [current, depth] = stack.pop()!
        if (current === null || typeof current !== 'object') continue
        if (depth + 1 > limit) return depth + 1
        for (const child of Array.isArray(current) ? current : Object.values(current)) {
            if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
        }
    }
    return undefined
}

/**
 * An upper bound of the flow-collection nesting (`[`/`{`) of a JSON or YAML text, in one linear
 * pass before it is parsed: true when it goes over `limit`. Brackets inside strings count too,
 * which can only over-estimate; a text needs `limit` unclosed brackets in a row to be refused.
 */
export const bracketNestingOver = (text: string, limit = MAX_NESTING_DEPTH): boolean => {
    let depth = 0
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        if (c === 0x5b || c === 0x7b) {
            if (++depth > limit) return true
        } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--
    }
    return false
}
