import type { Exclusion } from './types'

export { AllCandidatesFailedError } from './runWithFallbacks'

/** No candidate model satisfies the request's constraints. */
export class NoCandidateError extends Error {
    readonly status = 422
    readonly code = 'no_candidate'
    readonly retryable = false

    constructor(readonly excluded: readonly Exclusion[]) {
        const lines = excluded.map((e) => `  - ${e.model}: ${e.reason} (${e.detail})`)
        super(
            excluded.length === 0
                ? 'LiteLLM Router has no candidate models. Select at least one model in the node.'
                : `No candidate model satisfies the constraints. Relax a limit or add models:\n${lines.join('\n')}`
        )
        this.name = 'NoCandidateError'
    }
}
