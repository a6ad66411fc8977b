import { BASE_SPEC, normalizeSpec, type Language, type RequirementSpec, type SourceKind, type ToolKind } from '../spec'
import type { TaskCategory } from '../../router/types'
import type { Planner, PlanRequest, PlanResult } from './types'

/**
 * The rule-based interpreter: keyword and phrase rules in English and Spanish, documented here
 * and measured against the hand-written request set (README, "The orchestrator"). Used when no
 * model can plan. Rules look at the lower-cased text with accents kept (Spanish words keep
 * theirs; accent-less spellings are matched too). Every pattern is linear (no nested
 * quantifiers), and the query is bounded by the route, so matching is cheap.
 */

const words = (text: string, patterns: readonly RegExp[]) => patterns.some((p) => p.test(text))

const SPANISH =
    /[ñ¿¡]|\b(el|la|los|las|una?|que|para|con|del|de|y|lo|al|es|en|por|quiero|necesito|crea|haz|dame|puede|sobre|nuestr[oa]s?|mis?|cuando|responde)\b/g
const ENGLISH = /\b(the|an|with|for|that|and|to|from|i|need|want|make|build|create|can|about|our|my|when|answers?)\b/g
const LATIN_LETTER = /[a-záéíóúüñ]/g
const ANY_LETTER = /\p{L}/gu

/** The request's language: Spanish or English by their common words, `other` when most letters are not Latin or neither is found. */
export const detectLanguage = (text: string): Language => {
    const letters = text.match(ANY_LETTER)?.length ?? 0
    const latin = text.match(LATIN_LETTER)?.length ?? 0
    if (letters > 0 && latin / letters < 0.5) return 'other'
    const es = text.match(SPANISH)?.length ?? 0
    const en = text.match(ENGLISH)?.length ?? 0
    if (es === 0 && en === 0) return letters > 0 ? 'other' : 'en'
    return es > en ? 'es' : 'en'
}

const MEMORY = [
    /\b(remember|remembers|memory|follow[- ]?up|chat history|conversation history|previous (messages|questions)|multi[- ]turn|keeps? (the )?context)\b/,
    /\b(recuerd[ae]n?|recordar|memoria|historial|mensajes anteriores|preguntas anteriores|mantenga el contexto|conversaci[oó]n previa)\b/
]

const SOURCES: readonly [SourceKind, readonly RegExp[]][] = [
    ['document-store', [/\bdocument ?stores?\b/, /\balmac[eé]n de documentos\b/]],
    ['pdf', [/\bpdfs?\b/]],
    ['csv', [/\b(csv|spreadsheets?|excel)\b/, /\bhojas? de c[aá]lculo\b/]],
    ['docx', [/\b(docx|word documents?)\b/, /\bdocumentos? (de )?word\b/]],
    ['json', [/\bjson (files?|documents?|data)\b/, /\b(archivos?|ficheros?|datos) json\b/]],
    ['web', [/\b(websites?|web ?pages?|our site|urls?|sitemap)\b/, /\b(sitio web|p[aá]ginas? web|nuestra web)\b/]],
    ['text', [/\b(text files?|txt|plain text|notes)\b/, /\b(archivos? de texto|texto plano|notas)\b/]]
]

const RETRIEVAL = [
    /\b(rag|retriev\w*|knowledge ?base|faqs?|manuals?|handbooks?|documentation|docs|documents?|files?|policies|wiki|answers? (questions )?(from|using|based on)|grounded in|search (over|through|in) (our|my|the))\b/,
    /\b(base de conocimiento|manual(es)?|documentaci[oó]n|documentos?|archivos?|ficheros?|pol[ií]ticas|preguntas frecuentes|responda? (a partir|usando|bas[aá]ndose)|seg[uú]n (nuestros|los) (documentos|manuales))\b/
]

const TOOLS: readonly [ToolKind, readonly RegExp[]][] = [
    [
        'calculator',
        [
            /\b(calculat\w*|math\w*|arithmetic|compute|sums?)\b/,
            /\b(calculadora|calcul[ae]r?|hacer c[aá]lculos|c[aá]lculos (matem|de)\w*|matem[aá]tic\w*|sumas?)\b/
        ]
    ],
    [
        'datetime',
        [
            /\b(current (date|time)|what time|today'?s date|date and time)\b/,
            /\b(fecha( y hora)? actual|hora actual|qu[eé] hora|fecha de hoy)\b/
        ]
    ],
    [
        'web-search',
        [
            /\b(search (the )?(web|internet|online)|web search|google|latest news|look (things )?up online)\b/,
            /\b(bus[cq]\w* en (la web|internet|google)|b[uú]squeda (web|en internet)|[uú]ltimas noticias)\b/
        ]
    ],
    [
        'web-request',
        [
            /\b(call(s|ing)? (an?|the|our|external) (rest )?apis?|http requests?|rest (api|endpoints?)|webhooks?|get requests?|post requests?)\b/,
            /\b(llam\w* a (una|la|nuestra) api|peticion(es)? http|petici[oó]n http|api rest|solicitudes http)\b/
        ]
    ],
    [
        'web-browser',
        [/\b(brows\w*|visit (web ?)?pages|scrap\w*|crawl\w*)\b/, /\b(naveg\w*|visit\w* p[aá]ginas|extra\w* de p[aá]ginas web)\b/]
    ],
    [
        'code',
        [
            /\b(run(s|ning)? (python|javascript|js|code|scripts?)|execut\w* (python|javascript|js|code|scripts?|commands?)|code interpreter|eval\w*\(|shell commands?|custom (js )?functions?)\b/,
            /\b(ejecut\w* (el |los )?(c[oó]digo|python|javascript|scripts?|comandos?)|int[eé]rprete de c[oó]digo|funci[oó]n personalizada)\b/
        ]
    ],
    [
        'files',
        [
            /\b((read|write|delete|list)s? (local |the )?(files?|folders?|directories)|file ?system|from (the )?disk|\/etc\/\w+)\b/,
            /\b((leer|escribir|borrar|listar|lea|escriba) (los |el )?(archivos?|ficheros?|carpetas?)|sistema de archivos|del disco)\b/,
            /\/etc\//
        ]
    ]
]

const STRUCTURED = [
    /\b((return|output|respond|answer|reply|give|produce)\w* (\w+ ){0,3}(json|structured)|structured (output|data|responses?|answers?)|json (output|objects?|format)|as json|extract\w* (the )?(fields|data|entities|names|dates|amounts))\b/,
    /\b(salida estructurada|datos estructurados|(en|como) (formato )?json|devuelv\w* (un )?json|extra\w* (los )?(campos|datos|entidades|nombres|fechas|importes))\b/
]
const VISION = [
    /\b(images?|photos?|pictures?|screenshots?|vision|scanned|diagrams?)\b/,
    /\b(im[aá]genes|imagen|fotos?|fotograf[ií]as?|capturas? de pantalla|escaneados?|diagramas?)\b/
]
const STREAMING = [
    /\b(stream\w*|token by token|as it (types|writes)|real[- ]time)\b/,
    /\b(en tiempo real|transmisi[oó]n|palabra por palabra)\b/
]
const CONDITIONS = [
    /\b(if (it|the|they|a|an) .{1,60}(then|otherwise|else)|otherwise|depending on|route (it |them )?(to|between)|classif\w*|branch\w*|triage|escalat\w*)\b/,
    /\b(si (es|el|la|los|las|un|una) .{1,60}(entonces|si no|de lo contrario)|de lo contrario|si no|dependiendo|seg[uú]n (sea|el tipo)|clasific\w*|deriv\w* (a|al)|escal\w*)\b/
]
const LOOPS = [
    /\b(loop\w*|repeat\w*|until|iterat\w*|retr(y|ies)|again and again|keeps? (trying|improving))\b/,
    /\b(bucle|repit\w*|repet\w*|hasta que|itera\w*|reintent\w*|vuelva a intentar)\b/
]
const AGENTFLOW = [
    /\b(agent ?flows?|multi[- ]step|several steps|steps? (workflow|pipeline)|workflow|multi[- ]agents?)\b/,
    /\b(flujo de agentes|varios pasos|m[uú]ltiples pasos|flujo de trabajo|multiagente)\b/
]
const CHAIN = [
    /\b(summari[sz]\w*|translat\w*|rewrit\w*|paraphras\w*|proofread\w*|one[- ]shot|generat\w* (a |an )?(title|description|tweet|email|slogan))\b/,
    /\b(resum\w*|traduc\w*|reescrib\w*|parafrase\w*|corrig\w*|gener\w* (un |una )?(t[ií]tulo|descripci[oó]n|tuit|correo|eslogan))\b/
]

const CATEGORIES: readonly [TaskCategory, readonly RegExp[]][] = [
    [
        'coding',
        [
            /\b(code|coding|program\w*|bugs?|developers?|sql|typescript|python)\b/,
            /\b(c[oó]digo|programa\w*|desarrollador\w*|errores de c[oó]digo)\b/
        ]
    ],
    ['extraction', [/\b(extract\w*|parse invoices|entities)\b/, /\b(extra\w*|entidades|facturas)\b/]],
    [
        'reasoning',
        [/\b(reason\w*|analy[sz]\w*|plan\w*|decid\w*|math\w*)\b/, /\b(razon\w*|anali[sz]\w*|planific\w*|decid\w*|decisi[oó]n)\b/]
    ],
    ['factuality', [/\b(facts?|factual|accurate|verify|citations?)\b/, /\b(hechos|precis[oa]|verific\w*|citas)\b/]],
    [
        'instruction-following',
        [/\b(follow (the )?instructions|strict format|exact(ly)? as)\b/, /\b(sigue las instrucciones|formato estricto)\b/]
    ]
]

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`
const COST = [
    new RegExp(
        String.raw`(?:under|below|less than|at most|max(?:imum)?|menos de|por debajo de|como m[aá]ximo|m[aá]ximo)\s*(?:\$|usd\s*)?${NUMBER}\s*(?:\$|usd|d[oó]lares?|dollars?)?`
    ),
    new RegExp(
        String.raw`\$\s*${NUMBER}\s*(?:a|per|por|each|cada)\s*(?:message|request|call|answer|mensaje|petici[oó]n|consulta|respuesta)`
    )
]
const CENT = [/\b(under|below|less than) (a|one) cent\b/, /\bmenos de (un|1) (centavo|c[eé]ntimo)\b/]
const LATENCY = new RegExp(
    String.raw`(?:under|below|less than|within|in less than|menos de|en menos de|por debajo de)\s*${NUMBER}\s*(ms|milliseconds?|milisegundos?|s|sec|secs|seconds?|segundos?)\b`
)
const FAST = [/\b(fast|quick(ly)?|low[- ]latency|snappy|instant)\b/, /\b(r[aá]pid[oa]s?|baja latencia|instant[aá]ne[oa])\b/]
const QUALITY = [
    /\b(high[- ]quality|best (possible )?(answers|quality|model)|very accurate|top quality)\b/,
    /\b(alta calidad|la mejor calidad|muy precis[oa]s?|el mejor modelo)\b/
]
const CHEAP = [/\b(cheap\w*|low[- ]cost|budget|inexpensive)\b/, /\b(barat[oa]s?|econ[oó]mic[oa]s?|bajo coste|bajo costo)\b/]

/** Seconds from "fast" when the words give no figure (ms). */
const FAST_LATENCY_MS = 2_000
/** The cost limit "cheap" stands for (USD per request). */
const CHEAP_COST_USD = 0.001
/** The quality "high quality" stands for (0–1). */
const HIGH_QUALITY = 0.8

const toNumber = (text: string) => Number(text.replace(',', '.'))

/** Limits stated in words. */
export const statedLimits = (text: string): RequirementSpec['limits'] => {
    const limits: { maxCostUsd?: number; maxLatencyMs?: number; minQuality?: number } = {}
    if (words(text, CENT)) limits.maxCostUsd = 0.01
    for (const pattern of COST) {
        const match = pattern.exec(text)
        // A figure with a currency, or a "per message" figure: "under 2 seconds" is not a cost.
        if (match && (pattern === COST[1] || /\$|usd|d[oó]lar|dollar/.test(match[0]))) {
            const value = toNumber(match[1])
            if (value > 0 && value <= 100) limits.maxCostUsd = value
            break
        }
    }
    if (limits.maxCostUsd === undefined && words(text, CHEAP)) limits.maxCostUsd = CHEAP_COST_USD
    const latency = LATENCY.exec(text)
    if (latency) {
        const value = toNumber(latency[1])
        const ms = /^m/.test(latency[2]) ? value : value * 1000
        if (ms >= 1 && ms <= 600_000) limits.maxLatencyMs = Math.round(ms)
    } else if (words(text, FAST)) limits.maxLatencyMs = FAST_LATENCY_MS
    if (words(text, QUALITY)) limits.minQuality = HIGH_QUALITY
    return limits
}

/** A short purpose from the request's first words (only letters, digits and basic punctuation). */
const purposeOf = (query: string) =>
    query
        .replace(/[^\p{L}\p{N} ,.?!'-]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 120)

/** Interprets a request by the rules above (pure, synchronous). */
export const interpretByRules = (query: string, type: PlanRequest['type'] = 'auto'): PlanResult => {
    const text = query.toLowerCase()
    const uncertain: string[] = []
    const tools = TOOLS.filter(([, patterns]) => words(text, patterns)).map(([kind]) => kind)
    let retrieval: RequirementSpec['retrieval']
    const source = SOURCES.find(([, patterns]) => words(text, patterns))?.[0]
    // "files" alone is a tool when the request is about reading or writing them.
    const retrieves = words(text, RETRIEVAL) && !(tools.includes('files') && !source)
    if (source === 'web' && tools.includes('web-browser')) retrieval = undefined
    else if (source || retrieves) retrieval = { source: source ?? 'unspecified' }
    if (retrieval?.source === 'unspecified') uncertain.push('retrieval source')
    const conditions = words(text, CONDITIONS)
    const loops = words(text, LOOPS)
    const wantsAgentflow = type === 'agentflow' || (type === 'auto' && words(text, AGENTFLOW))
    const structuredOutput = words(text, STRUCTURED)
    const spec: RequirementSpec = {
        ...BASE_SPEC,
        flowType: wantsAgentflow ? 'agentflow' : 'chatflow',
        shape: words(text, CHAIN) ? 'chain' : 'chat',
        memory: words(text, MEMORY),
        retrieval,
        tools,
        structuredOutput,
        vision: words(text, VISION),
        streaming: words(text, STREAMING),
        conditions,
        loops,
        category:
            (structuredOutput ? 'extraction' : undefined) ?? CATEGORIES.find(([, patterns]) => words(text, patterns))?.[0] ?? 'general',
        language: detectLanguage(text),
        limits: statedLimits(text),
        purpose: purposeOf(query)
    }
    const normalized = normalizeSpec(spec)
    // The request asked for a chatflow, but the words need an agentflow: the type wins, conditions and loops are dropped (and asked about).
    const final =
        type === 'chatflow' && normalized.flowType === 'agentflow'
            ? normalizeSpec({ ...normalized, conditions: false, loops: false, shape: 'chat', flowType: 'chatflow' })
            : normalized
    if (final !== normalized) uncertain.push('conditions or loops need an agentflow')
    return { spec: final, planner: { kind: 'rules' }, uncertain }
}

/** The rules as a {@link Planner}. */
export const rulesPlanner: Planner = {
    kind: 'rules',
    plan: async (request) => interpretByRules(request.query, request.type)
}
