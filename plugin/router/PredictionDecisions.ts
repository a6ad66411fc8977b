import { AsyncLocalStorage } from 'node:async_hooks'
import type { DecisionSummary } from './decisionSummary'

/** One routing decision made during a prediction. */
export interface PredictionDecision {
    /** The Flowise node that routed it. */
    readonly nodeId?: string
    readonly summary: DecisionSummary
}

/** Decisions kept per prediction: an agent looping on tools routes once per step; the answer shows the last ones. */
export const MAX_DECISIONS_PER_PREDICTION = 50

/**
 * The routing decisions of the prediction running now, in whichever Flowise process runs it (the
 * server, or a `flowise worker` in queue mode). A prediction runs inside {@link run}; the router
 * calls {@link add} from within it (LangChain keeps the async context across its calls), and the
 * prediction's chat message and answer read {@link current}. Held by the prediction's async
 * context, not by chat id: two predictions of one chat at once never see each other's decisions,
 * and nothing outlives its prediction.
 */
export class PredictionDecisions {
    private readonly storage = new AsyncLocalStorage<PredictionDecision[]>()

    /** Runs one prediction, collecting the decisions made inside it. */
    run<T>(prediction: () => Promise<T>): Promise<T> {
        return this.storage.run([], prediction)
    }

    /** Records a decision of the prediction running now; a call outside any prediction (an evaluation, a test) is not recorded. */
    add(decision: PredictionDecision): void {
        const decisions = this.storage.getStore()
        if (!decisions) return
        decisions.push(decision)
        if (decisions.length > MAX_DECISIONS_PER_PREDICTION) decisions.splice(0, decisions.length - MAX_DECISIONS_PER_PREDICTION)
    }

    /** The decisions of the prediction running now, oldest first (empty outside a prediction). */
    current(): readonly PredictionDecision[] {
        return this.storage.getStore() ?? []
    }
}
