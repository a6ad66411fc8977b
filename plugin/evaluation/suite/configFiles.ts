import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import picomatch from 'picomatch'

/** Largest file a config may reference (bytes). */
const MAX_FILE_BYTES = 8 * 1024 * 1024
/** Most bytes all of a config's references may read together. */
const MAX_TOTAL_BYTES = 32 * 1024 * 1024
/** Most files a config may read (globs included). */
const MAX_FILES = 2_000
/** Most directory entries a glob may look at. */
const MAX_GLOB_ENTRIES = 20_000

/** A `file://` reference that cannot be read: missing, outside the config's directory, too large, or not allowed here. */
export class FileReferenceError extends Error {
    constructor(message: string) {
        super(message)
        this.name = 'FileReferenceError'
    }
}

/** `file://a/b.js:fn` → `{ file: 'a/b.js', fn: 'fn' }` (a suffix after the extension names a function). */
export const splitFunctionName = (reference: string): { file: string; fn?: string } => {
    const match = /^(.*\.[A-Za-z0-9]+):([A-Za-z_$][\w$]*)$/.exec(reference)
    return match ? { file: match[1], fn: match[2] } : { file: reference }
}

/**
 * The files of one promptfoo config: `file://` references resolved relative to the config's
 * directory and confined to its tree (no `..` out of it, no absolute path elsewhere, no
 * symbolic link leading out, no URL), read synchronously (this runs on the suite parsing
 * thread) within size limits. Without a directory (a suite sent in a request) every reference is refused.
 */
export class ConfigFiles {
    private readonly root?: string
    private totalBytes = 0
    private files = 0

    private readonly base?: string

    /**
     * @param baseDir where references are resolved from (the config's directory)
     * @param rootDir the tree they are confined to (default `baseDir`; an operator's suites directory may be wider)
     */
    constructor(baseDir: string | undefined, rootDir: string | undefined = baseDir) {
        if (baseDir === undefined || rootDir === undefined) return
        const real = (dir: string) => {
            try {
                return realpathSync(dir)
            } catch {
                return path.resolve(dir)
            }
        }
        this.base = real(baseDir)
        this.root = real(rootDir)
        if (!this.inside(this.base)) this.root = this.base
    }

    /** Whether a value is a file reference. */
    static isReference(value: unknown): value is `file://${string}` {
        return typeof value === 'string' && value.startsWith('file://')
    }

    /** The path written after `file://` (a glob or a plain path). */
    static pathOf(reference: string): string {
        return reference.slice('file://'.length)
    }

    /** Whether a reference is a glob (`*`, `?`, `{a,b}` or `[…]` in it). */
    static isGlob(reference: string): boolean {
        return /[*?{[]/.test(ConfigFiles.pathOf(reference))
    }

    /** The confined absolute path of a reference; throws FileReferenceError naming it. */
    resolve(reference: string): string {
        const written = ConfigFiles.pathOf(reference)
        if (!this.root)
            throw new FileReferenceError(
                `${reference}: file references are read only from a suite file on the server (ORQUESTA_EVAL_SUITES_DIR); paste the content instead`
            )
        if (/^[a-z][a-z0-9+.-]+:\/\//i.test(written))
            throw new FileReferenceError(`${reference}: URLs are not fetched; download the file next to the config`)
        const absolute = path.resolve(this.base!, written)
        if (!this.inside(absolute))
            throw new FileReferenceError(`${reference}: outside ${this.root}; references must stay within the config's directory tree`)
        let real: string
        try {
            real = realpathSync(absolute)
        } catch {
            throw new FileReferenceError(`${reference}: file not found (${absolute}); add the file or fix the path`)
        }
        if (!this.inside(real))
            throw new FileReferenceError(`${reference}: a link leading outside the config's directory; copy the file into it`)
        return real
    }

    /** The text of a referenced file; throws FileReferenceError. */
    readText(reference: string): string {
        return this.read(reference).toString('utf8')
    }

    /** The bytes of a referenced file; throws FileReferenceError. */
    read(reference: string): Buffer {
        const file = this.resolve(reference)
        const stat = statSync(file)
        if (!stat.isFile()) throw new FileReferenceError(`${reference}: not a file`)
        if (stat.size > MAX_FILE_BYTES)
            throw new FileReferenceError(`${reference}: ${stat.size} bytes; a referenced file is at most ${MAX_FILE_BYTES}`)
        this.totalBytes += stat.size
        if (++this.files > MAX_FILES)
            throw new FileReferenceError(`${reference}: the config references more than ${MAX_FILES} files; split it`)
        if (this.totalBytes > MAX_TOTAL_BYTES)
            throw new FileReferenceError(`${reference}: the config's files pass ${MAX_TOTAL_BYTES} bytes in all; split it`)
        return readFileSync(file)
    }

    /** The references (`file://<relative path>`) a glob matches, sorted; throws FileReferenceError when none does. */
    expand(reference: string): string[] {
        const { file, fn } = splitFunctionName(ConfigFiles.pathOf(reference))
        const scan = picomatch.scan(file)
        const base = this.resolve(`file://${scan.base === '' ? '.' : scan.base}`)
        const matcher = picomatch(scan.glob, { dot: false })
        const found: string[] = []
        let seen = 0
        const walk = (dir: string, depth: number) => {
            if (depth > 16) return
            for (const entry of readdirSync(dir, { withFileTypes: true })) {
                if (++seen > MAX_GLOB_ENTRIES)
                    throw new FileReferenceError(`${reference}: the glob looks at more than ${MAX_GLOB_ENTRIES} entries; narrow it`)
                const full = path.join(dir, entry.name)
                if (entry.isDirectory()) walk(full, depth + 1)
                else if (entry.isFile() && matcher(path.relative(base, full).split(path.sep).join('/'))) found.push(full)
            }
        }
        walk(base, 0)
        if (found.length === 0) throw new FileReferenceError(`${reference}: no file matches; add the files or fix the pattern`)
        return found.sort().map((f) => `file://${path.relative(this.base!, f)}${fn ? `:${fn}` : ''}`)
    }

    private inside(file: string): boolean {
        return file === this.root || file.startsWith(this.root! + path.sep)
    }
}
