import type { ProxyEndpoint } from '../litellm/LiteLLMClient'
import type { OrquestaRuntime } from '../runtime'
import { EvaluationAlerter } from './alerts/EvaluationAlerter'
import { loadPluginConfig } from '../config'
import { loadEvaluationConfig, type EvaluationConfig } from './evaluationConfig'
import { EvaluationService, type FinishedRun } from './EvaluationService'
import { flowAsker, type PredictFlow } from './flows/flowAsker'
import { graderFor } from './graderFor'
import { MeasurementsRefresher } from './MeasurementsRefresher'
import { EvaluationScheduler, type SchedulerLog } from './schedule/EvaluationScheduler'
import { RedisLock } from './schedule/RedisLock'
import { RunLiveness } from './RunLiveness'
import type { EvaluationStore } from './store/EvaluationStore'
import { openEvaluationStore } from './store/openEvaluationDatabase'
import { loadDefaultSuite } from './suite/defaultSuite'
import { loadSuite } from './suite/parseSuite'
import { SuiteLibrary } from './suite/suiteLibrary'
import type { EvaluationSuite } from './types'

/** The evaluation part of the plugin, once started. */
export interface EvaluationPlugin {
    readonly service: EvaluationService
    readonly scheduler?: EvaluationScheduler
    readonly store: EvaluationStore
    /** The suites an Evaluation Trigger's author can choose from. */
    readonly suites: SuiteLibrary
    stop(): Promise<void>
}

export interface StartEvaluationOptions {
    readonly config: EvaluationConfig
    readonly endpoint: ProxyEndpoint
    readonly runtime: OrquestaRuntime
    readonly log: SchedulerLog
    readonly onFinished?: (finished: FinishedRun) => void
    /** Runs a prediction of a chatflow in the host, for flow evaluations. */
    readonly predictFlow?: PredictFlow
}

/**
 * Opens the results database (retrying while another process holds it), marks runs a dead
 * process left behind as incomplete (at once, then every few seconds while the server runs),
 * loads the latest measurements into the router, and starts the schedules.
 */
export const startEvaluation = async ({
    config,
    endpoint,
    runtime,
    log,
    onFinished,
    predictFlow
}: StartEvaluationOptions): Promise<EvaluationPlugin> => {
    const store = await openEvaluationStore(config.database, {
        onRetry: (error, attempt) => log.warn(`[orquesta] evaluation database not ready (attempt ${attempt}), retrying: ${error.message}`)
    })
    const lock = config.redisUrl ? await RedisLock.connect(config.redisUrl) : undefined
    const defaultSuite = (): Promise<EvaluationSuite> => (config.suiteFile ? loadSuite(config.suiteFile) : loadDefaultSuite())
    const service = new EvaluationService({
        store,
        endpoint,
        profiles: () => runtime.models.get(endpoint),
        defaultSuite,
        graderFor: (suite) => graderFor(endpoint, suite, config.callTimeoutMs),
        measurements: runtime.measurements,
        alerter: new EvaluationAlerter({ log, webhook: config.alertWebhook }),
        concurrency: config.concurrency,
        callTimeoutMs: config.callTimeoutMs,
        limits: config.limits,
        comparison: { minPairedCases: config.minPairedCases, practicalThreshold: config.practicalThreshold },
        onFinished,
        askFlow: predictFlow ? flowAsker(predictFlow, config.callTimeoutMs) : undefined,
        log
    })
    const liveness = new RunLiveness({ store, liveRuns: () => service.liveRuns(), log })
    await liveness.start()
    await service.loadMeasurements()
    const scheduler = config.schedulesEnabled
        ? new EvaluationScheduler({
              schedules: config.schedules,
              store,
              lock,
              log,
              handle: (slot) => service.runSlot(slot, config.primaryModels, config.flows)
          })
        : undefined
    await scheduler?.start()
    return {
        service,
        scheduler,
        store,
        suites: new SuiteLibrary(config.suitesDir, defaultSuite),
        stop: async () => {
            await Promise.all([service.stop(), scheduler?.stop()])
            await liveness.stop()
            await lock?.close()
            await store.close()
        }
    }
}

/**
 * For a process that runs predictions but not evaluations (`flowise worker`): the router's
 * measurements follow the evaluation database that the main server writes.
 */
export const followMeasurements = (
    env: NodeJS.ProcessEnv,
    runtime: OrquestaRuntime,
    log: { warn(message: string): void }
): MeasurementsRefresher => {
    const config = loadEvaluationConfig(env, loadPluginConfig(env).dataDir)
    const refresher = new MeasurementsRefresher(
        () => openEvaluationStore(config.database),
        runtime.measurements,
        config.measurementsMaxAgeMs,
        log
    )
    runtime.refreshMeasurements = () => refresher.refresh()
    return refresher
}
