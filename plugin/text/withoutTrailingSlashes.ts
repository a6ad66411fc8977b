/**
 * `text` without the slashes it ends with. A loop from the end, not `replace(/\/+$/, '')`: that
 * regex is quadratic on a long run of slashes that does not end the text (160,000 slashes took
 * 75 s), and the URLs it trims come from flows and credentials.
 */
export const withoutTrailingSlashes = (text: string): string => {
    let end = text.length
    while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--
    return text.slice(0, end)
}
