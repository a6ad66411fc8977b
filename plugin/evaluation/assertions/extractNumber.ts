// An optional minus (ASCII hyphen or U+2212) that does not follow a letter or digit (the hyphen
// of "2-3" or "COVID-19" is not a sign); digits, either plain or in comma-separated groups of
// three; an optional decimal part; an optional exponent. The look-behind keeps a match from
// starting inside another number ("1.5" is not also read as 5).
const NUMBER = /(?:(?<![\p{L}\p{N}])[-\u2212])?(?<![\d.])(?:(?:\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?/gu

/**
 * The number an answer gives: the **last** number in the text, because models put their
 * working first and the result last ("12 × 3 = 36, so the answer is 36").
 * Thousands separators are commas between groups of exactly three digits (`1,296.50` is
 * 1296.5, while the list `3,4` ends with 4); the decimal mark is a dot; a leading `-` or `−`
 * makes it negative unless it follows a letter or digit (`2-3` ends with 3, not −3);
 * exponents (`6.02e23`) are read. Returns undefined when the text has no number.
 */
export const extractNumber = (text: string): number | undefined => {
    let last: string | undefined
    for (const match of text.matchAll(NUMBER)) last = match[0]
    return last === undefined ? undefined : Number(last.replace(/,/g, '').replace('\u2212', '-'))
}
