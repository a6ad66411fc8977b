import type { FlowData } from '../flow/flowData'
import type { NodeDefinitions } from '../flow/validateFlow'
import { nodeRisks } from '../security/nodeRisks'
import { allowsRisk, type NodeRisk, type SecurityLevel } from '../security/securityLevel'
import { BASE_SPEC, normalizeSpec, type RequirementSpec, type ToolKind } from './spec'
import { TOOL_RISKS } from './compose/toolNodes'
import { interpretByRules } from './planners/rulesPlanner'

/** One check the orchestrator made, as the answer lists it. */
export interface SecurityCheck {
    readonly check: 'prompt-injection' | 'code-execution' | 'arbitrary-urls' | 'file-access' | 'generated-nodes'
    /** `passed`: nothing to act on; `allowed`: asked for and allowed at the level; `refused`: left out, with the reason. */
    readonly status: 'passed' | 'allowed' | 'refused'
    readonly detail: string
}

/**
 * Signs that the request tries to steer the planner or the generated flow rather than describe a
 * flow: instructions to ignore instructions, system-prompt or secret exfiltration, sensitive paths
 * and shell or code-loading snippets (English and Spanish). Each pattern is linear.
 */
const INJECTION: readonly [RegExp, string][] = [
    [
        /\b(ignore|disregard|forget|override)\b.{0,40}\b(previous|prior|above|all|earlier|your)\b.{0,20}\b(instructions|rules|prompts?|guidelines)\b/i,
        'asks to ignore instructions'
    ],
    [/\b(ignora|olvida|omite|descarta)\w*\b.{0,40}\b(instrucciones|reglas|indicaciones)\b/i, 'asks to ignore instructions'],
    [/\b(system prompt|developer message|prompt del sistema|mensaje del sistema)\b/i, 'targets the system prompt'],
    [/\/etc\/(passwd|shadow|hosts)|~\/\.ssh|id_rsa|\.env\b/i, 'names a sensitive file'],
    [
        /\b(api[_ -]?keys?|secrets?|passwords?|credentials?|tokens?|claves?|contraseñas?)\b.{0,40}\b(reveal|print|send|leak|exfiltrat\w*|show|dump|revela\w*|muestra\w*|env[ií]a\w*|imprime)\b/i,
        'asks to reveal secrets'
    ],
    [
        /\b(reveal|print|send|leak|exfiltrat\w*|dump|revela\w*|muestra\w*|env[ií]a\w*|imprime)\b.{0,40}\b(api[_ -]?keys?|secrets?|passwords?|credentials?|tokens?|environment variables|claves?|contraseñas?|variables de entorno)\b/i,
        'asks to reveal secrets'
    ],
    [
        /\b(rm\s+-rf|curl\s+\S+\s*\|\s*(ba)?sh|child_process|process\.env|require\(|eval\(|exec\(|os\.system|subprocess)/i,
        'contains shell or code-loading text'
    ],
    [/<\s*script\b|javascript:/i, 'contains script markup'],
    [/\b(jailbreak|DAN mode|developer mode|modo desarrollador)\b/i, 'asks for a jailbreak']
]

/** Why the query looks like an injection, or undefined. */
export const injectionIn = (query: string): string | undefined => INJECTION.find(([pattern]) => pattern.test(query))?.[1]

const RISK_CHECK: Readonly<Record<NodeRisk, SecurityCheck['check']>> = {
    'runs-code': 'code-execution',
    'reaches-urls': 'arbitrary-urls',
    'touches-files': 'file-access'
}
const RISK_WORDS: Readonly<Record<NodeRisk, string>> = {
    'runs-code': 'nodes that run code',
    'reaches-urls': 'nodes that reach URLs',
    'touches-files': 'nodes that read or write files'
}

export interface SecurityDecision {
    /** The spec with every refused capability removed (and a neutral purpose after an injection). */
    readonly spec: RequirementSpec
    /** The risks the flow may carry. */
    readonly allowedRisky: ReadonlySet<NodeRisk>
    readonly checks: SecurityCheck[]
}

/** The risk each capability of a spec carries (a web page as a source reaches a URL the user gives). */
const risksAsked = (spec: RequirementSpec): Map<NodeRisk, string[]> => {
    const asked = new Map<NodeRisk, string[]>()
    const add = (risk: NodeRisk, what: string) => asked.set(risk, [...(asked.get(risk) ?? []), what])
    for (const tool of spec.tools) {
        const risk = TOOL_RISKS[tool]
        if (risk) add(risk, `the ${tool} tool`)
    }
    if (spec.retrieval?.source === 'web') add('reaches-urls', 'a web page as the source')
    return asked
}

/**
 * Decides, before composing, what the flow may hold (pure). The query is untrusted: an injection
 * refuses every risky capability whatever the level, and its text never reaches a prompt. Without
 * one, a risky capability stays only when the request asked for it and `level` allows it.
 */
export const decideSecurity = (
    query: string,
    spec: RequirementSpec,
    level: SecurityLevel,
    /** Tool kinds the request demands outright (`constraints.capabilities`): asked, like words. */
    demanded: readonly ToolKind[] = []
): SecurityDecision => {
    const checks: SecurityCheck[] = []
    const injection = injectionIn(query)
    const purposeInjection = injection ? undefined : injectionIn(spec.purpose)
    checks.push(
        injection
            ? {
                  check: 'prompt-injection',
                  status: 'refused',
                  detail: `the request ${injection}: nothing risky is built and its words do not reach any prompt`
              }
            : {
                  check: 'prompt-injection',
                  status: 'passed',
                  detail: 'no instruction-override, secret, sensitive-path or code-loading text found'
              }
    )
    const asked = risksAsked(spec)
    // A planner's spec is not the user's word: a risky capability counts as asked only when the request's own words ask for it.
    const read = interpretByRules(query).spec
    const inWords = risksAsked({ ...read, tools: [...read.tools, ...demanded] })
    const allowed = new Set<NodeRisk>()
    const refusedTools = new Set<ToolKind>()
    let dropWebSource = false
    for (const risk of Object.keys(RISK_CHECK) as NodeRisk[]) {
        const what = asked.get(risk)
        if (!what) {
            checks.push({ check: RISK_CHECK[risk], status: 'passed', detail: `no ${RISK_WORDS[risk]} asked for; none emitted` })
            continue
        }
        const unasked = !inWords.has(risk)
        if (!injection && !unasked && allowsRisk(level, risk)) {
            allowed.add(risk)
            checks.push({
                check: RISK_CHECK[risk],
                status: 'allowed',
                detail: `${what.join(' and ')} asked for; allowed at security level ${level}`
            })
            continue
        }
        for (const tool of spec.tools) if (TOOL_RISKS[tool] === risk) refusedTools.add(tool)
        if (risk === 'reaches-urls' && spec.retrieval?.source === 'web') dropWebSource = true
        checks.push({
            check: RISK_CHECK[risk],
            status: 'refused',
            detail: injection
                ? `${what.join(' and ')} refused: the request looks like a prompt injection`
                : unasked
                  ? `${what.join(' and ')} refused: the planner proposed it, but the request's words do not ask for it`
                  : `${what.join(' and ')} refused: ${RISK_WORDS[risk]} are not allowed at security level ${level} (allowed up to ${risk === 'reaches-urls' ? 'internal' : 'public'})`
        })
    }
    const safe = normalizeSpec({
        ...spec,
        tools: spec.tools.filter((t) => !refusedTools.has(t)),
        retrieval: dropWebSource ? { source: 'unspecified' } : spec.retrieval,
        shape: spec.shape === 'tool-agent' && spec.tools.every((t) => refusedTools.has(t)) ? 'chat' : spec.shape,
        purpose: injection || purposeInjection ? BASE_SPEC.purpose : spec.purpose
    })
    if (purposeInjection)
        checks.push({
            check: 'prompt-injection',
            status: 'refused',
            detail: `the planner's purpose ${purposeInjection}: it does not reach any prompt`
        })
    return { spec: safe, allowedRisky: allowed, checks }
}

/** Checks the generated flow itself: every node's risks were allowed (the composer only places allowed nodes; this proves it). */
export const checkGeneratedNodes = (flow: FlowData, definitions: NodeDefinitions, allowed: ReadonlySet<NodeRisk>): SecurityCheck => {
    const names = new Set<string>()
    for (const node of flow.nodes) {
        names.add(node.data.name)
        for (const tool of Array.isArray(node.data.inputs?.agentTools) ? node.data.inputs.agentTools : [])
            names.add(String((tool as { agentSelectedTool?: unknown }).agentSelectedTool))
    }
    const offending = [...names].filter((name) => {
        const entry = definitions(name)
        return !entry || nodeRisks(entry).some((risk) => !allowed.has(risk))
    })
    return offending.length === 0
        ? {
              check: 'generated-nodes',
              status: 'passed',
              detail: `every node (${[...names].join(', ')}) is known to this Flowise and within what was allowed`
          }
        : { check: 'generated-nodes', status: 'refused', detail: `not allowed or unknown: ${offending.join(', ')}` }
}
