/**
 * The number an answer gives: the **last** number in the text, because models put their
 * working first and the result last ("12 × 3 = 36, so the answer is 36").
 * Thousands separators are commas between groups of exactly three digits (`1,296.50` is
 * 1296.5, while the list `3,4` ends with 4); the decimal mark is a dot; a leading `-` or `−`
 * makes it negative unless it follows a letter or digit (`2-3` ends with 3, not −3);
 * exponents (`6.02e23`) are read. A number does not start inside another one (`1.5` is not
 * also read as 5). Returns undefined when the text has no number.
 *
 * A single left-to-right scan, linear in the text: the equivalent regular expression
 * backtracks quadratically on long comma-separated digit runs (160 KB of `,111` took 16 s),
 * and the text is a model's answer.
 */
export const extractNumber = (text: string): number | undefined => {
    let last: string | undefined
    const failedGroups: GroupRun = { from: -1, to: -1 }
    for (let i = 0; i < text.length;) {
        const startsNumber = isDigit(text, i) || (text[i] === '.' && isDigit(text, i + 1))
        if (!startsNumber || isDigit(text, i - 1) || text[i - 1] === '.') {
            i++
            continue
        }
        const end = numberEnd(text, i, failedGroups)
        const signed = (text[i - 1] === '-' || text[i - 1] === '\u2212') && !followsLetterOrDigit(text, i - 1)
        last = (signed ? '-' : '') + text.slice(i, end).replace(/,/g, '')
        i = end
    }
    return last === undefined ? undefined : Number(last)
}

const isDigit = (text: string, i: number): boolean => {
    const c = text.charCodeAt(i)
    return c >= 0x30 && c <= 0x39
}

const digitsEnd = (text: string, i: number): number => {
    while (isDigit(text, i)) i++
    return i
}

/**
 * A run of `,ddd` groups found not to end a grouped number, from its first comma to where it
 * stopped: a later number starting inside it fails the same way, so it is not scanned again
 * (which keeps the whole scan linear).
 */
interface GroupRun {
    from: number
    to: number
}

/** Where the number starting at `start` (a digit, or a dot before a digit) ends. */
const numberEnd = (text: string, start: number, failedGroups: GroupRun): number => {
    let i = start
    if (text[i] !== '.') {
        const run = digitsEnd(text, i)
        i = run - i <= 3 ? (groupedEnd(text, run, failedGroups) ?? run) : run
    }
    if (text[i] === '.' && isDigit(text, i + 1)) i = digitsEnd(text, i + 1)
    if (text[i] === 'e' || text[i] === 'E') {
        const digits = text[i + 1] === '-' || text[i + 1] === '+' ? i + 2 : i + 1
        if (isDigit(text, digits)) i = digitsEnd(text, digits)
    }
    return i
}

/**
 * After a run of one to three digits ending at `i`: the end of its `,ddd` groups, or undefined
 * when there are none or the last group runs on into more digits (`1,2345`, `1,234,5`), which
 * makes the text not a grouped number.
 */
const groupedEnd = (text: string, i: number, failed: GroupRun): number | undefined => {
    if (i > failed.from && i < failed.to && (i - failed.from) % 4 === 0) return undefined
    const from = i
    let groups = 0
    while (text[i] === ',' && isDigit(text, i + 1) && isDigit(text, i + 2) && isDigit(text, i + 3)) {
        i += 4
        groups++
    }
    if (groups === 0) return undefined
    if (isDigit(text, i) || (text[i] === ',' && isDigit(text, i + 1))) {
        failed.from = from
        failed.to = i
        return undefined
    }
    return i
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/** Whether the code point before index `i` is a letter or a digit (any script). */
const followsLetterOrDigit = (text: string, i: number): boolean => {
    if (i <= 0) return false
    const low = text.charCodeAt(i - 1)
    const at = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1
    return LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(at)!))
}
