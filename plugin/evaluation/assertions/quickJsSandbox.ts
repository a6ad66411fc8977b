import {
    newQuickJSWASMModule,
    newVariant,
    RELEASE_SYNC,
    shouldInterruptAfterDeadline,
    type QuickJSContext,
    type QuickJSHandle,
    type QuickJSWASMModule
} from 'quickjs-emscripten'

/** Limits of one sandboxed evaluation. */
export interface SandboxLimits {
    /** Wall-time budget for compiling and running the code (ms). */
    readonly timeoutMs: number
    /** Heap limit of the QuickJS runtime (bytes). */
    readonly memoryBytes: number
}

/** `limitHit`: the time or memory limit stopped the code, or the engine failed; its thread is then replaced. */
export type SandboxOutcome =
    { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string; readonly limitHit?: boolean }

/** Largest value the code may return (characters of JSON): a grade, not a payload. */
const MAX_RESULT_CHARS = 64 * 1024

// QuickJS's stack guard, small enough that deep recursion becomes QuickJS's catchable
// "stack overflow" before the WebAssembly frames exhaust Node's own stack (measured: 512 KiB
// overflows Node first; 256 KiB stops cleanly and still allows recursion 1,000 deep).
const MAX_STACK_BYTES = 256 * 1024

// Helpers every assertion can use, defined inside the sandbox so they have no more power than
// the assertion itself: `codeBlock(text)` (the first fenced block, else the text),
// `functionFrom(text, name)` (the named function the answer's code defines) and
// `testFunction(text, name, [[args, expected], …])` (calls it, compares results as JSON, and
// returns {pass, score: share of correct calls, reason}). `console` is a no-op because answers often log.
const PRELUDE = String.raw`
var console = { log: function () {}, info: function () {}, warn: function () {}, error: function () {}, debug: function () {} };
function codeBlock(text) {
    var fence = /${'```'}[ \t]*[\w+#-]*[ \t]*\r?\n([\s\S]*?)${'```'}/.exec(String(text));
    return fence ? fence[1] : String(text);
}
function functionFrom(text, name) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error('functionFrom: ' + name + ' is not an identifier');
    var code = codeBlock(text).replace(/^[ \t]*export[ \t]+(default[ \t]+)?/gm, '');
    var module = { exports: {} };
    var load;
    try {
        load = new Function('module', 'exports', code + '\n;return typeof ' + name + ' === "function" ? ' + name +
            ' : typeof module.exports === "function" ? module.exports : module.exports.' + name + ';');
    } catch (e) {
        throw new Error("the answer's code does not parse (" + e + ')');
    }
    var found = load(module, module.exports);
    if (typeof found !== 'function') throw new Error('the answer defines no function named ' + name);
    return found;
}
function show(value) {
    return value === undefined ? 'undefined' : typeof value === 'number' && value !== value ? 'NaN' : JSON.stringify(value);
}
function testFunction(text, name, calls) {
    var fn = functionFrom(text, name);
    var failures = [];
    for (var i = 0; i < calls.length; i++) {
        var args = calls[i][0], expected = calls[i][1], call = name + '(' + show(args).slice(1, -1) + ')', actual;
        try { actual = fn.apply(null, JSON.parse(JSON.stringify(args))); } catch (e) { failures.push(call + ' threw ' + e); continue; }
        if (show(actual) !== show(expected)) failures.push(call + ' returned ' + show(actual) + ', expected ' + show(expected));
    }
    var passed = calls.length - failures.length;
    return { pass: failures.length === 0, score: passed / calls.length,
        reason: passed + '/' + calls.length + ' calls correct' + (failures.length ? ': ' + failures.slice(0, 3).join('; ') : '') };
}
`

// The code is an expression when it compiles as one (`output.includes('x')`), otherwise a
// function body (`const n = …; return n > 2`). Compiling with `new Function` does not run it.
const RUN_ASSERTION = `(function () {
    var grade;
    try {
        grade = new Function('output', 'context', 'return (\\n' + __code + '\\n);');
    } catch (notAnExpression) {
        if (!(notAnExpression instanceof SyntaxError)) throw notAnExpression;
        grade = new Function('output', 'context', __code);
    }
    return grade(__output, JSON.parse(__context));
})()`

const WASM_PAGE_BYTES = 64 * 1024
const INITIAL_WASM_BYTES = 16 * 1024 * 1024

// QuickJS's own heap limit does not bound everything the engine allocates (a loop pushing 1 MB
// strings grew the process past 2 GB): the WebAssembly memory itself gets a maximum, twice the
// largest heap allowed, so that growing beyond it is QuickJS's catchable "out of memory".
let wasmMemoryCapBytes = 128 * 1024 * 1024

/** Caps the WebAssembly memory of the engine this thread loads next (bytes). */
export const setWasmMemoryCap = (maxHeapBytes: number): void => {
    wasmMemoryCapBytes = Math.max(INITIAL_WASM_BYTES, 2 * maxHeapBytes)
    quickjs = undefined
}

// Our own module instance (not the library's shared singleton), replaced whenever the engine
// itself fails, since a WebAssembly instance that aborted mid-call cannot be trusted again.
let quickjs: Promise<QuickJSWASMModule> | undefined
/** Loads this thread's QuickJS engine (once). */
export const loadQuickJs = (): Promise<QuickJSWASMModule> =>
    (quickjs ??= newQuickJSWASMModule(
        newVariant(RELEASE_SYNC, {
            wasmMemory: new WebAssembly.Memory({
                initial: INITIAL_WASM_BYTES / WASM_PAGE_BYTES,
                maximum: Math.ceil(wasmMemoryCapBytes / WASM_PAGE_BYTES)
            })
        })
    ))

/**
 * Evaluates `code` — an expression, or else the body of `function (output, context)` — in a fresh QuickJS runtime
 * (WebAssembly): the sandbox has the ECMAScript built-ins and the prelude's `codeBlock`,
 * `functionFrom`, `testFunction` and a no-op `console`, and nothing of the host — no `require`, `process`,
 * `fetch`, timers, file system or network. Each call gets its own runtime, so nothing leaks
 * between evaluations. Never throws: errors, time-outs and memory exhaustion are outcomes.
 */
export const runInSandbox = async (code: string, output: string, context: unknown, limits: SandboxLimits): Promise<SandboxOutcome> => {
    let module: QuickJSWASMModule
    try {
        module = await loadQuickJs()
    } catch (error) {
        return { ok: false, error: `the QuickJS sandbox failed to load: ${(error as Error).message}` }
    }
    const started = Date.now()
    const deadline = started + limits.timeoutMs
    const runtime = module.newRuntime({ memoryLimitBytes: limits.memoryBytes, maxStackSizeBytes: MAX_STACK_BYTES })
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline))
    const vm = runtime.newContext()
    try {
        const prelude = vm.evalCode(PRELUDE, 'prelude.js')
        if (prelude.error) return { ok: false, error: `sandbox prelude failed: ${describe(vm, prelude.error)}` }
        prelude.value.dispose()
        setGlobalString(vm, '__code', code)
        setGlobalString(vm, '__output', output)
        setGlobalString(vm, '__context', JSON.stringify(context ?? {}))
        const result = vm.evalCode(RUN_ASSERTION, 'assertion.js')
        if (result.error) {
            const message = describe(vm, result.error)
            if (Date.now() >= deadline) return { ok: false, error: `timed out after ${limits.timeoutMs} ms (${message})`, limitHit: true }
            if (/out of memory/i.test(message))
                return { ok: false, error: `exceeded the sandbox memory limit of ${limits.memoryBytes} bytes`, limitHit: true }
            return { ok: false, error: message }
        }
        const value: unknown = vm.dump(result.value)
        result.value.dispose()
        const size = JSON.stringify(value)?.length ?? 0
        if (size > MAX_RESULT_CHARS)
            return { ok: false, error: `returned ${size} characters of JSON; a grade is at most ${MAX_RESULT_CHARS}` }
        return { ok: true, value }
    } catch (error) {
        // The engine itself failed (for instance Node's stack overflowed inside it).
        quickjs = undefined
        return { ok: false, error: `the sandbox failed: ${(error as Error).message}`, limitHit: true }
    } finally {
        try {
            vm.dispose()
            runtime.dispose()
        } catch {
            quickjs = undefined
        }
    }
}

const setGlobalString = (vm: QuickJSContext, name: string, value: string) => {
    const handle = vm.newString(value)
    vm.setProp(vm.global, name, handle)
    handle.dispose()
}

const describe = (vm: QuickJSContext, error: QuickJSHandle): string => {
    const dumped: unknown = vm.dump(error)
    error.dispose()
    if (dumped && typeof dumped === 'object' && 'message' in dumped) {
        const { name, message } = dumped as { name?: unknown; message?: unknown }
        return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`
    }
    return `threw ${typeof dumped === 'string' ? dumped : JSON.stringify(dumped)}`
}
