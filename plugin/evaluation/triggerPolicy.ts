/** What the Evaluation Trigger node's author lets an agent run. */
export interface TriggerPermissions {
    /** Models an agent may evaluate; empty: every model the proxy serves. */
    readonly models: readonly string[]
    /** Suites (names from the suite library) an agent may run; the first is the default. Empty: the configured default suite only. */
    readonly suites: readonly string[]
    /** Whether an agent may send a suite of its own (YAML or JSON text). */
    readonly allowInlineSuites: boolean
}

/** What an agent asks the tool for. */
export interface TriggerRequest {
    readonly models?: readonly string[]
    readonly suite?: string
    readonly suiteText?: string
}

export type TriggerDecision =
    | {
          readonly ok: true
          /** Empty: every model the proxy serves. */
          readonly models: readonly string[]
          readonly suite: { readonly kind: 'named'; readonly name: string } | { readonly kind: 'inline'; readonly text: string }
      }
    | { readonly ok: false; readonly error: string }

/** The suite name of the configured default suite in the library. */
export const DEFAULT_SUITE_NAME = 'default'

/**
 * What an agent may run: the author's models and suites, narrowed by the agent, never widened
 * (a model or suite outside the author's choice is refused, saying which are allowed), and an
 * inline suite only when the author allows it.
 */
export const decideTriggerRequest = (permissions: TriggerPermissions, request: TriggerRequest): TriggerDecision => {
    const requested = request.models ?? []
    if (permissions.models.length > 0) {
        const outside = requested.filter((m) => !permissions.models.includes(m))
        if (outside.length > 0) {
            return {
                ok: false,
                error: `this Evaluation Trigger may evaluate only ${permissions.models.join(', ')}; ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not allowed`
            }
        }
    }
    const models = requested.length > 0 ? requested : permissions.models
    if (request.suite !== undefined && request.suiteText !== undefined)
        return { ok: false, error: 'give either suite (a name) or suiteText, not both' }
    if (request.suiteText !== undefined) {
        if (!permissions.allowInlineSuites)
            return {
                ok: false,
                error: 'this Evaluation Trigger does not accept suites from the agent (its author can turn on "Allow Inline Suites")'
            }
        return { ok: true, models, suite: { kind: 'inline', text: request.suiteText } }
    }
    const allowed = permissions.suites.length > 0 ? permissions.suites : [DEFAULT_SUITE_NAME]
    const name = request.suite ?? allowed[0]
    if (!allowed.includes(name))
        return { ok: false, error: `this Evaluation Trigger may run only the suites ${allowed.join(', ')}; ${name} is not allowed` }
    return { ok: true, models, suite: { kind: 'named', name } }
}

/**
 * The flows an agent may evaluate: the author's flows (chatflow ids), narrowed by the agent,
 * never widened. Empty when the author chose none (the node then evaluates models).
 */
export const decideTriggerFlows = (
    allowed: readonly string[],
    requested: readonly string[] = []
): { readonly ok: true; readonly flows: readonly string[] } | { readonly ok: false; readonly error: string } => {
    if (allowed.length === 0)
        return requested.length === 0
            ? { ok: true, flows: [] }
            : { ok: false, error: 'this Evaluation Trigger evaluates models, not flows (its author can list flows under "Flows")' }
    const outside = requested.filter((id) => !allowed.includes(id))
    if (outside.length > 0)
        return {
            ok: false,
            error: `this Evaluation Trigger may evaluate only the flows ${allowed.join(', ')}; ${outside.join(', ')} not allowed`
        }
    return { ok: true, flows: requested.length > 0 ? requested : allowed }
}
