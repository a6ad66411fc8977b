/** A condition value of an input's `show` / `hide` (node definitions write strings, lists, booleans, numbers, objects). */
type Condition = unknown

const valueAt = (inputs: Readonly<Record<string, unknown>>, path: string): unknown => {
    let value: unknown = inputs
    for (const key of path.split('.')) {
        if (value === null || typeof value !== 'object') return ''
        value = (value as Record<string, unknown>)[key]
    }
    return value ?? ''
}

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** A string condition matches a value equal to it or, as the canvas reads it, matching it as a pattern (node authors write patterns). */
const matchesText = (condition: string, value: unknown): boolean => {
    if (condition === value) return true
    try {
        return new RegExp(condition).test(String(value))
    } catch {
        return false
    }
}

const matches = (condition: Condition, value: unknown): boolean => {
    let current = value
    if (typeof current === 'string' && current.startsWith('[') && current.endsWith(']')) {
        try {
            current = JSON.parse(current)
        } catch {
            // Text that only looks like a list is compared as text.
        }
    }
    if (Array.isArray(current)) {
        if (Array.isArray(condition)) return condition.some((c) => current.includes(c))
        if (typeof condition === 'string') return current.some((c) => matchesText(condition, c))
        if (typeof condition === 'object' && condition !== null) return current.some((c) => deepEqual(condition, c))
        return current.includes(condition)
    }
    if (Array.isArray(condition)) return condition.includes(current)
    if (typeof condition === 'string') return matchesText(condition, current)
    if (typeof condition === 'object' && condition !== null) return deepEqual(condition, current)
    return condition === current
}

/**
 * Marks each input `display: true` unless its `show` conditions (every listed input must match)
 * or `hide` conditions (any listed input matching hides it) say otherwise, for the node's
 * current input values, as Flowise's canvas does when it builds or updates node data.
 */
export const applyShowHide = <T extends Record<string, unknown>>(params: T[], inputs: Readonly<Record<string, unknown>>): T[] =>
    params.map((param) => {
        let display = true
        for (const [mode, conditions] of [
            ['show', param.show],
            ['hide', param.hide]
        ] as const) {
            if (!conditions || typeof conditions !== 'object') continue
            for (const [path, condition] of Object.entries(conditions as Record<string, unknown>)) {
                const matched = matches(condition, valueAt(inputs, path))
                if ((mode === 'show' && !matched) || (mode === 'hide' && matched)) display = false
            }
        }
        return { ...param, display }
    })
