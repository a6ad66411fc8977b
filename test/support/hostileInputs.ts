/**
 * Malformed, oversized and hostile requests to every plugin route, each of which must be
 * refused with a 4xx and a message saying what is wrong (never a 500), for the hostile-input
 * tests. Generated systematically: every required field of a flow, a suite case and a request
 * body with every wrong JSON type, plus the documents built to exhaust a parser.
 */

export interface HostileRequest {
    readonly name: string
    readonly method: 'GET' | 'POST'
    /** Under /api/v1. */
    readonly route: string
    /** Sent as JSON; `raw` is sent as it is. */
    readonly body?: unknown
    readonly raw?: string
    /** What the error message must say (the place, the limit). */
    readonly says?: RegExp
}

const WRONG_TYPES: readonly [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [1, 2]],
    ['an object', { x: 1 }]
]

const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

const node = (id: string) => ({ id, type: 'customNode', position: { x: 0, y: 0 }, data: { id, name: 'calculator', inputs: {} } })
const edge = (source: string, target: string) => ({
    id: `${source}-${target}`,
    source,
    target,
    sourceHandle: `${source}-output-calculator-Tool`,
    targetHandle: `${target}-input-tools-Tool`
})
const validFlow = () => ({ nodes: [node('calculator_0'), node('calculator_1')], edges: [edge('calculator_0', 'calculator_1')] })

/** Every required string field of a flow's node and edge, replaced with each wrong type or removed. */
const brokenFlows = (): [string, unknown][] => {
    const flows: [string, unknown][] = []
    const fields: [string, (flow: ReturnType<typeof validFlow>, value: unknown, remove: boolean) => void][] = [
        [
            'nodes[0].id',
            (f, v, r) => (r ? delete (f.nodes[0] as Partial<ReturnType<typeof node>>).id : ((f.nodes[0] as Record<string, unknown>).id = v))
        ],
        [
            'nodes[0].data',
            (f, v, r) =>
                r ? delete (f.nodes[0] as Partial<ReturnType<typeof node>>).data : ((f.nodes[0] as Record<string, unknown>).data = v)
        ],
        [
            'nodes[0].data.name',
            (f, v, r) =>
                r
                    ? delete (f.nodes[0].data as Partial<ReturnType<typeof node>['data']>).name
                    : ((f.nodes[0].data as Record<string, unknown>).name = v)
        ],
        [
            'edges[0].source',
            (f, v, r) =>
                r ? delete (f.edges[0] as Partial<ReturnType<typeof edge>>).source : ((f.edges[0] as Record<string, unknown>).source = v)
        ],
        [
            'edges[0].target',
            (f, v, r) =>
                r ? delete (f.edges[0] as Partial<ReturnType<typeof edge>>).target : ((f.edges[0] as Record<string, unknown>).target = v)
        ],
        [
            'edges[0].sourceHandle',
            (f, v, r) =>
                r
                    ? delete (f.edges[0] as Partial<ReturnType<typeof edge>>).sourceHandle
                    : ((f.edges[0] as Record<string, unknown>).sourceHandle = v)
        ],
        [
            'edges[0].targetHandle',
            (f, v, r) =>
                r
                    ? delete (f.edges[0] as Partial<ReturnType<typeof edge>>).targetHandle
                    : ((f.edges[0] as Record<string, unknown>).targetHandle = v)
        ]
    ]
    for (const [field, set] of fields) {
        const removed = validFlow()
        set(removed, undefined, true)
        flows.push([`${field} missing`, removed])
        for (const [typeName, value] of WRONG_TYPES) {
            // An object is a valid `data`; a wrong type for it is everything else.
            if (field === 'nodes[0].data' && typeName === 'an object') continue
            const flow = validFlow()
            set(flow, value, false)
            flows.push([`${field} is ${typeName}`, flow])
        }
    }
    for (const [typeName, value] of WRONG_TYPES) {
        if (typeName !== 'an array') {
            flows.push([`nodes is ${typeName}`, { nodes: value, edges: [] }])
            flows.push([`edges is ${typeName}`, { nodes: [], edges: value }])
        }
        if (typeName !== 'an object' && typeName !== 'null') flows.push([`nodes[0] is ${typeName}`, { nodes: [value], edges: [] }])
    }
    return flows
}

const flowDocuments = (): { name: string; flowData: unknown; says?: RegExp }[] => [
    ...brokenFlows().map(([name, flow]) => ({ name, flowData: flow, says: /Invalid flowData|flowData/ })),
    ...brokenFlows().map(([name, flow]) => ({ name: `${name} (as a string)`, flowData: JSON.stringify(flow), says: /Invalid flowData/ })),
    { name: 'not JSON', flowData: '{nodes: [', says: /not JSON/ },
    { name: 'an empty string', flowData: '', says: /flowData/ },
    { name: 'a JSON number', flowData: '42', says: /flowData/ },
    { name: 'a JSON array', flowData: '[]', says: /flowData/ },
    { name: 'JSON null', flowData: 'null', says: /flowData/ },
    { name: '100-deep JSON string', flowData: `{"nodes":[],"edges":[],"x":${deepObject(100)}}`, says: /nested more than 64/ },
    { name: '5,000-deep JSON string', flowData: deepObject(5_000), says: /nested more than 64/ },
    { name: '100,000-deep JSON string', flowData: deepObject(100_000), says: /nested more than 64/ },
    { name: '100,000-deep array string', flowData: deepArray(100_000), says: /nested more than 64/ },
    { name: '6 MB string', flowData: `{"nodes":[],"edges":[],"pad":"${'x'.repeat(6 * 1024 * 1024)}"}`, says: /byte limit/ },
    {
        name: '10,000 calculators (4.8 MB)',
        flowData: JSON.stringify({ nodes: Array.from({ length: 10_000 }, (_, i) => node(`calculator_${i}`)), edges: [] }),
        says: /10000 nodes is over the limit of 5000/
    },
    {
        name: '20,001 edges',
        flowData: JSON.stringify({ nodes: [node('a'), node('b')], edges: Array.from({ length: 20_001 }, () => edge('a', 'b')) }),
        says: /20001 edges is over the limit of 20000/
    }
]

const SUITE_CASE = { id: 'c1', category: 'reasoning', prompt: 'What is 2 + 2?', assert: [{ type: 'equals', value: '4' }] }
const suiteWith = (changes: Record<string, unknown>, remove?: string) => {
    const testCase: Record<string, unknown> = { ...SUITE_CASE, ...changes }
    if (remove) delete testCase[remove]
    return { name: 'hostile', cases: [testCase] }
}

const aliasBomb = [
    'name: bomb',
    'a: &a [x, x, x, x, x, x, x, x, x]',
    ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`),
    'cases: []'
].join('\n')

const suiteDocuments = (): { name: string; suite: unknown; says: RegExp }[] => {
    const suites: { name: string; suite: unknown; says: RegExp }[] = []
    for (const field of ['id', 'category', 'prompt', 'assert']) {
        // A case without a category is `uncategorised`, not an error.
        if (field !== 'category')
            suites.push({ name: `case ${field} missing`, suite: suiteWith({}, field), says: /case #1 \(cases\[0\]\)|case "c1"/ })
        for (const [typeName, value] of WRONG_TYPES)
            suites.push({ name: `case ${field} is ${typeName}`, suite: suiteWith({ [field]: value }), says: /cases\[0\]/ })
    }
    for (const field of ['repeats', 'maxTokens', 'system', 'reference', 'vars', 'messages']) {
        for (const [typeName, value] of WRONG_TYPES) {
            const valid =
                (field === 'vars' && typeName === 'an object') ||
                (field === 'messages' && typeName === 'an array') ||
                ((field === 'repeats' || field === 'maxTokens') && typeName === 'a number')
            if (valid) continue
            suites.push({ name: `case ${field} is ${typeName}`, suite: suiteWith({ [field]: value }), says: /case "c1" \(cases\[0\]\)/ })
        }
    }
    const assertion = (spec: Record<string, unknown>, says: RegExp, name: string) =>
        suites.push({ name, suite: suiteWith({ assert: [spec] }), says })
    assertion(
        { type: 'regex', pattern: '(unclosed' },
        /case "c1" \(cases\[0\]\) › assert\[0\] \(regex\) › pattern: regex: invalid pattern/,
        'regex with an unclosed group'
    )
    assertion(
        { type: 'regex', pattern: '(a)\\1' },
        /assert\[0\] \(regex\) › pattern: .*no backreferences or lookaround/,
        'regex with a backreference'
    )
    assertion({ type: 'regex', pattern: 'x(?=y)' }, /assert\[0\] \(regex\) › pattern/, 'regex with a lookahead')
    assertion({ type: 'regex', pattern: '(?<=y)x' }, /assert\[0\] \(regex\) › pattern/, 'regex with a lookbehind')
    assertion({ type: 'regex', pattern: 'a'.repeat(5_000) }, /at most 4096 characters/, 'regex of 5,000 characters')
    assertion({ type: 'regex', pattern: 'a', flags: 'g' }, /assert\[0\] \(regex\) › flags/, 'regex with the g flag')
    assertion(
        { type: 'javascript', code: 'true', timeoutMs: 60_000 },
        /timeoutMs.*ORQUESTA_JS_ASSERT_MAX_TIMEOUT_MS/,
        'javascript asking for 60 s'
    )
    assertion(
        { type: 'javascript', code: 'true', memoryBytes: 1024 ** 3 },
        /memoryBytes.*ORQUESTA_JS_ASSERT_MAX_MEMORY_MB/,
        'javascript asking for 1 GiB'
    )
    assertion({ type: 'javascript', code: '' }, /assert\[0\] \(javascript\) › code/, 'javascript without code')
    assertion({ type: 'llm-rubric', rubric: 'good' }, /llm-rubric needs a judge/, 'llm-rubric without a judge')
    assertion({ type: 'nope' }, /unknown type "nope"/, 'unknown assertion type')
    assertion({ type: 'equals' }, /assert\[0\] \(equals\)/, 'equals without a value')
    assertion({ type: 'is-json', schema: 'not a schema' }, /assert\[0\] \(is-json\)/, 'is-json with a string schema')
    suites.push(
        { name: 'YAML alias bomb', suite: aliasBomb, says: /YAML aliases expand too much/ },
        { name: '100,000-deep YAML sequence', suite: `name: x\ncases: ${deepArray(100_000)}`, says: /nested more than 64 deep/ },
        { name: '100,000-deep JSON suite', suite: deepObject(100_000), says: /nested more than 64 deep/ },
        {
            name: '3 MB suite',
            suite: `name: big\ndescription: "${'x'.repeat(3 * 1024 * 1024)}"\ncases: []`,
            says: /body|suite|2000000|byte/
        },
        { name: 'suite without cases', suite: { name: 'x' }, says: /the suite needs `cases`/ },
        { name: 'suite with empty cases', suite: { name: 'x', cases: [] }, says: /at least one case/ },
        { name: 'suite without a name', suite: { cases: [SUITE_CASE] }, says: /the suite needs a `name`/ },
        { name: 'suite with an unknown field', suite: { name: 'x', cases: [SUITE_CASE], asserts: 1 }, says: /unknown field `asserts`/ },
        {
            name: 'duplicate case ids',
            suite: { name: 'x', cases: [SUITE_CASE, SUITE_CASE] },
            says: /duplicate case id "c1"/
        },
        {
            name: '2,001 cases',
            suite: { name: 'x', cases: Array.from({ length: 2_001 }, (_, i) => ({ ...SUITE_CASE, id: `c${i}` })) },
            says: /at most 2000 cases/
        },
        {
            name: '200 cases × 100 repeats',
            suite: { name: 'x', cases: Array.from({ length: 200 }, (_, i) => ({ ...SUITE_CASE, id: `c${i}`, repeats: 100 })) },
            says: /at most 10000/
        },
        { name: 'YAML syntax error', suite: 'name: [unclosed\ncases: x', says: /syntax error/ },
        { name: 'duplicate YAML keys', suite: 'name: a\nname: b\ncases: []', says: /Map keys must be unique/ },
        {
            name: 'promptfoo with a file:// test list',
            suite: { prompts: ['Q {{q}}'], tests: 'file://tests.csv' },
            says: /read only from a suite file on the server/
        },
        {
            name: 'promptfoo template reaching for Function',
            suite: { prompts: ["{{ range.constructor('return process')() }}"], tests: [{ vars: { q: 'x' } }] },
            says: /Unable to call `range\["constructor"\]`/
        },
        {
            name: 'promptfoo template including a host file',
            suite: { prompts: ["{% include '/etc/passwd' %}"], tests: [{}] },
            says: /template not found/
        },
        {
            name: 'promptfoo red-team config',
            suite: { prompts: ['x'], tests: [], redteam: {} },
            says: /`redteam` configs generate their tests with promptfoo/
        },
        {
            name: 'promptfoo with 50 prompts × 50 tests',
            suite: {
                prompts: Array.from({ length: 50 }, (_, i) => `p${i} {{q}}`),
                tests: Array.from({ length: 50 }, (_, i) => ({
                    vars: { q: `${i}`, category: 'reasoning' },
                    assert: [{ type: 'equals', value: 'x' }]
                }))
            },
            says: /more than 2000 cases/
        },
        {
            name: 'promptfoo placeholder followed by 100,000 spaces',
            suite: { prompts: [`{{${' '.repeat(100_000)}`], tests: [{ vars: { category: 'reasoning' } }] },
            says: /Nunjucks template error/
        }
    )
    return suites
}

/** Every hostile request, in a stable order. */
export const hostileRequests = (): HostileRequest[] => {
    const requests: HostileRequest[] = []
    for (const route of ['/orquesta/validate', '/orquesta/optimize']) {
        for (const { name, flowData, says } of flowDocuments())
            requests.push({ name: `${route}: ${name}`, method: 'POST', route, body: { flowData }, says })
        requests.push(
            { name: `${route}: no source`, method: 'POST', route, body: {}, says: /exactly one of flowData and chatflowId/ },
            {
                name: `${route}: both sources`,
                method: 'POST',
                route,
                body: { flowData: validFlow(), chatflowId: 'x' },
                says: /exactly one/
            },
            {
                name: `${route}: a 101-character chatflowId`,
                method: 'POST',
                route,
                body: { chatflowId: 'x'.repeat(101) },
                says: /chatflowId/
            },
            { name: `${route}: an unknown chatflow`, method: 'POST', route, body: { chatflowId: '00000000-0000-0000-0000-000000000000' } },
            { name: `${route}: a 100,000-deep body`, method: 'POST', route, raw: deepObject(100_000), says: /nested more than 64 levels/ },
            {
                name: `${route}: a 5,000-deep flowData object`,
                method: 'POST',
                route,
                raw: `{"flowData":${deepObject(5_000)}}`,
                says: /nested more than 64 levels/
            },
            { name: `${route}: a JSON array body`, method: 'POST', route, body: [validFlow()] },
            {
                name: `${route}: a 13 MB body`,
                method: 'POST',
                route,
                raw: JSON.stringify({ flowData: 'x'.repeat(13 * 1024 * 1024) }),
                says: /limit/
            }
        )
    }
    const optimize = (name: string, extra: Record<string, unknown>, says?: RegExp) =>
        requests.push({
            name: `/orquesta/optimize: ${name}`,
            method: 'POST',
            route: '/orquesta/optimize',
            body: { flowData: validFlow(), ...extra },
            says
        })
    for (const [key, values] of Object.entries({
        maxCostUsd: [-1, 0, 1e9, 'cheap', null, [], {}],
        maxLatencyMs: [-5, 0, 1.5, 1e12, 'fast', null, []],
        minQuality: [-0.1, 2, 'good', null, {}],
        preferredModels: ['alpha', [1], [''], Array.from({ length: 51 }, (_, i) => `m${i}`), null, {}],
        redisCredentialId: ['', 5, [], null]
    })) {
        for (const value of values)
            optimize(
                `constraints.${key} = ${JSON.stringify(value).slice(0, 40)}`,
                { constraints: { [key]: value } },
                new RegExp(`constraints\\.${key}`)
            )
    }
    optimize('an unknown constraint', { constraints: { maxTokens: 5 } }, /constraints/)
    optimize('constraints as a string', { constraints: 'cheap' }, /constraints/)
    optimize('an unknown pass to disable', { disable: ['nope'] }, /disable/)
    optimize('disable as a string', { disable: 'addCache' }, /disable/)
    optimize('save as a string', { save: 'yes' }, /save/)
    optimize('an empty name', { name: '' }, /name/)
    optimize('a 201-character name', { name: 'x'.repeat(201) }, /name/)
    optimize('an unknown field', { flowDta: {} }, /flowDta|Unrecognized/)

    const start = (name: string, body: unknown, says?: RegExp) =>
        requests.push({ name: `/orquesta/evaluations/runs: ${name}`, method: 'POST', route: '/orquesta/evaluations/runs', body, says })
    for (const { name, suite, says } of suiteDocuments()) start(`suite: ${name}`, { suite, models: ['alpha'] }, says)
    for (const { name, suite, says } of suiteDocuments().filter((s) => typeof s.suite === 'object')) {
        start(`suite as YAML text: ${name}`, { suite: JSON.stringify(suite), models: ['alpha'] }, says)
    }
    for (const [name, models, says] of [
        ['models as a string', 'alpha', /models/],
        ['a number as a model', [1], /models/],
        ['an empty model name', [''], /models/],
        ['101 models', Array.from({ length: 101 }, (_, i) => `m${i}`), /models/],
        ['a 201-character model name', ['x'.repeat(201)], /models/],
        ['an unknown model', ['no-such-model'], /Unknown model\(s\) no-such-model/]
    ] as const) {
        start(name, { models }, says)
    }
    for (const waitMs of [-1, 1.5, 1e9, 'soon', null]) start(`waitMs = ${JSON.stringify(waitMs)}`, { models: ['alpha'], waitMs }, /waitMs/)
    start('an unknown field', { modles: ['alpha'] }, /modles|Unrecognized/)
    start('suite as a number', { suite: 42 }, /suite/)
    start('suite as an array', { suite: [SUITE_CASE] }, /suite/)

    const get = (route: string, says?: RegExp, name = route) => requests.push({ name: `GET ${name}`, method: 'GET', route, says })
    for (const limit of ['0', '-1', '501', 'ten', '1.5']) get(`/orquesta/evaluations/runs?limit=${limit}`, /limit/)
    get('/orquesta/evaluations/runs/no-such-run', /No evaluation run no-such-run/)
    get(`/orquesta/evaluations/runs/${'x'.repeat(300)}`, /No evaluation run/, '/orquesta/evaluations/runs/<300 characters>')
    get('/orquesta/evaluations/compare', /baseline/)
    get('/orquesta/evaluations/compare?baseline=a', /candidate/)
    get('/orquesta/evaluations/compare?baseline=a&candidate=b', /Run a has no results/)
    for (const category of ['maths', '', 'x'.repeat(500)]) get(`/orquesta/evaluations/leaderboard?category=${category}`, /category/)
    requests.push({
        name: 'POST resume of an unknown run',
        method: 'POST',
        route: '/orquesta/evaluations/runs/no-such-run/resume',
        body: {},
        says: /No evaluation run/
    })
    for (const [key, value] of [
        ['capability', 'flying'],
        ['q', 'x'.repeat(201)],
        ['category', 'x'.repeat(101)],
        ['baseClass', 'x'.repeat(201)]
    ]) {
        get(`/orquesta/capabilities?${key}=${value}`, new RegExp(key), `/orquesta/capabilities?${key}=${value.slice(0, 20)}`)
    }
    return requests
}
