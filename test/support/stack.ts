import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLiteLLMProxy, type LiteLLMConfig } from '../../scripts/lib/litellmProxy'
import { freePort, type Service } from '../../scripts/lib/processes'
import { ROOT } from '../../scripts/lib/paths'
import { StandInProvider } from './standInProvider'

/** One model group of the test proxy, served by the stand-in provider. */
export interface TestModel {
    /** The proxy's `model_name`; the stand-in sees `up-<name>`. */
    readonly name: string
    /** USD per token. */
    readonly input: number
    readonly output: number
    readonly tools?: boolean
    readonly vision?: boolean
    readonly quality?: Record<string, number>
    readonly latencyMs?: number
    readonly maxInputTokens?: number
}

/** The upstream model name the stand-in provider receives for a proxy model. */
export const upstream = (name: string) => `up-${name}`

/** Models most tests use: three price/quality tiers. */
export const DEFAULT_TEST_MODELS: readonly TestModel[] = [
    { name: 'budget', input: 1e-7, output: 2e-7, tools: true, quality: { general: 0.6, coding: 0.5 }, latencyMs: 300 },
    { name: 'standard', input: 1e-6, output: 2e-6, tools: true, vision: true, quality: { general: 0.8, coding: 0.8 }, latencyMs: 600 },
    { name: 'premium', input: 1e-5, output: 3e-5, tools: true, vision: true, quality: { general: 0.95, coding: 0.95 }, latencyMs: 1200 }
]

export const MASTER_KEY = 'sk-orquesta-test-master-key'

export interface TestStack {
    readonly provider: StandInProvider
    readonly litellm: Service
    readonly masterKey: string
    readonly workDir: string
    /** JSON-lines file the proxy's recording callback writes. */
    readonly callbackLog: string
    /**
     * Stops the proxy and starts it again on the same port and config, like an operator's
     * restart; resolves once it is ready again. `downMs` (ms) is how long it stays down in between.
     */
    restartProxy(downMs?: number): Promise<void>
    stop(): Promise<void>
}

/** The proxy's embedding model when a stack is started with embeddings (the stand-in sees `up-embed`). */
export const EMBEDDING_MODEL = 'embed'

/** A LiteLLM config whose deployments all point at the stand-in provider. */
export const testProxyConfig = (providerUrl: string, models: readonly TestModel[], embeddings = false): LiteLLMConfig => ({
    model_list: [
        ...(embeddings
            ? [
                  {
                      model_name: EMBEDDING_MODEL,
                      litellm_params: { model: `openai/${upstream(EMBEDDING_MODEL)}`, api_base: providerUrl, api_key: 'sk-stand-in' },
                      model_info: { mode: 'embedding', input_cost_per_token: 1e-8, output_cost_per_token: 0 }
                  }
              ]
            : []),
        ...models.map((m) => ({
            model_name: m.name,
            litellm_params: { model: `openai/${upstream(m.name)}`, api_base: providerUrl, api_key: 'sk-stand-in' },
            model_info: {
                input_cost_per_token: m.input,
                output_cost_per_token: m.output,
                supports_function_calling: m.tools ?? false,
                supports_vision: m.vision ?? false,
                ...(m.maxInputTokens ? { max_input_tokens: m.maxInputTokens } : {}),
                orquesta: { quality: m.quality ?? {}, ...(m.latencyMs ? { latency_ms: m.latencyMs } : {}) }
            }
        }))
    ],
    router_settings: { num_retries: 0, timeout: 60 },
    litellm_settings: { drop_params: true, callbacks: ['orquesta_test_callbacks.recorder'] }
})

/** Starts the stand-in provider and a real LiteLLM proxy in front of it. */
export const startTestStack = async (
    models: readonly TestModel[] = DEFAULT_TEST_MODELS,
    options: { embeddings?: boolean; workers?: number } = {}
): Promise<TestStack> => {
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'orquesta-stack-'))
    const provider = new StandInProvider()
    await provider.start()
    const callbackLog = path.join(workDir, 'litellm-callbacks.jsonl')
    const port = await freePort()
    const startProxy = () =>
        startLiteLLMProxy({
            config: testProxyConfig(provider.baseUrl, models, options.embeddings),
            port,
            masterKey: MASTER_KEY,
            workDir,
            workers: options.workers,
            env: { ORQUESTA_CALLBACK_LOG: callbackLog, PYTHONPATH: path.join(ROOT, 'test', 'support', 'python') }
        })
    let litellm: Service
    try {
        litellm = await startProxy()
    } catch (error) {
        await provider.stop()
        throw error
    }
    return {
        provider,
        get litellm() {
            return litellm
        },
        masterKey: MASTER_KEY,
        workDir,
        callbackLog,
        restartProxy: async (downMs = 0) => {
            await litellm.stop()
            if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs))
            litellm = await startProxy()
        },
        stop: async () => {
            await litellm.stop()
            await provider.stop()
            rmSync(workDir, { recursive: true, force: true })
        }
    }
}
