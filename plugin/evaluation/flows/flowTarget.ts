/**
 * A flow evaluated in a run is stored under a label in the run's model list, so that flow runs
 * share everything model runs have: the store, resuming, liveness, reports and paired comparisons.
 */
const FLOW_PREFIX = 'flow:'

/** The label a chatflow's results carry in a run (`flow:<chatflow id>`). */
export const flowTarget = (chatflowId: string): string => `${FLOW_PREFIX}${chatflowId}`

/** The chatflow id of a flow label; undefined for a model name. */
export const chatflowIdOf = (label: string): string | undefined =>
    label.startsWith(FLOW_PREFIX) ? label.slice(FLOW_PREFIX.length) : undefined

export const isFlowTarget = (label: string): boolean => chatflowIdOf(label) !== undefined
