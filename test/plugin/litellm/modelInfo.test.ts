import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { modelInfoResponseSchema, profilesFromModelInfo } from '../../../plugin/litellm/modelInfo'

const deployment = (model_name: string, model: string, info: Record<string, unknown>) => ({
    model_name,
    litellm_params: { model, api_base: 'http://example.invalid' },
    model_info: info
})

describe('profilesFromModelInfo', () => {
    it('reads prices, limits, capabilities and Orquesta priors; ignores unknown categories', () => {
        const [profile] = profilesFromModelInfo(
            modelInfoResponseSchema.parse({
                data: [
                    deployment('claude', 'anthropic/claude-3-5-haiku', {
                        input_cost_per_token: 8e-7,
                        output_cost_per_token: 4e-6,
                        max_input_tokens: 200000,
                        supports_function_calling: true,
                        supports_vision: true,
                        supports_response_schema: null,
                        orquesta: { quality: { general: 0.8, coding: 0.85, poetry: 0.99 }, latency_ms: 900 }
                    })
                ]
            })
        )
        assert.deepEqual(profile, {
            name: 'claude',
            provider: 'anthropic',
            inputCostPerToken: 8e-7,
            outputCostPerToken: 4e-6,
            maxInputTokens: 200000,
            supportsTools: true,
            supportsVision: true,
            supportsJson: true,
            supportsAudio: false,
            supportsFiles: false,
            quality: { general: 0.8, coding: 0.85 },
            priorLatencyMs: 900,
            demo: false
        })
    })

    it('reads audio and PDF input support', () => {
        const [profile] = profilesFromModelInfo(
            modelInfoResponseSchema.parse({
                data: [deployment('omni', 'openai/gpt-4o-audio', { supports_audio_input: true, supports_pdf_input: true })]
            })
        )
        assert.deepEqual([profile.supportsAudio, profile.supportsFiles], [true, true])
    })

    it('describes a load-balanced group conservatively: highest prices, shared capabilities, lowest quality', () => {
        const profiles = profilesFromModelInfo(
            modelInfoResponseSchema.parse({
                data: [
                    deployment('gpt', 'openai/gpt-4o', {
                        input_cost_per_token: 2e-6,
                        output_cost_per_token: 8e-6,
                        supports_vision: true,
                        supports_function_calling: true,
                        orquesta: { quality: { general: 0.9 }, latency_ms: 800 }
                    }),
                    deployment('gpt', 'azure/gpt-4o', {
                        input_cost_per_token: 3e-6,
                        output_cost_per_token: 6e-6,
                        supports_vision: false,
                        supports_function_calling: true,
                        orquesta: { quality: { general: 0.85 }, latency_ms: 1200 }
                    })
                ]
            })
        )
        assert.equal(profiles.length, 1)
        const [group] = profiles
        assert.equal(group.provider, 'mixed')
        assert.equal(group.inputCostPerToken, 3e-6)
        assert.equal(group.outputCostPerToken, 8e-6)
        assert.equal(group.supportsVision, false)
        assert.equal(group.supportsTools, true)
        assert.deepEqual(group.quality, { general: 0.85 })
        assert.equal(group.priorLatencyMs, 1200)
    })

    it('treats missing prices as zero and sorts groups by name', () => {
        const profiles = profilesFromModelInfo(
            modelInfoResponseSchema.parse({ data: [{ model_name: 'zeta' }, deployment('alpha', 'gemini/gemini-2.0-flash', {})] })
        )
        assert.deepEqual(
            profiles.map((p) => [p.name, p.provider, p.inputCostPerToken]),
            [
                ['alpha', 'gemini', 0],
                ['zeta', 'openai', 0]
            ]
        )
    })

    it('leaves out deployments that are not chat models (embeddings, images, rerank)', () => {
        const profiles = profilesFromModelInfo(
            modelInfoResponseSchema.parse({
                data: [
                    deployment('embed', 'openai/text-embedding-3-small', { mode: 'embedding' }),
                    deployment('chat', 'openai/gpt-4o', { mode: 'chat' })
                ]
            })
        )
        assert.deepEqual(
            profiles.map((p) => p.name),
            ['chat']
        )
    })

    it('rejects a quality outside [0, 1] with the path of the bad value', () => {
        const parsed = modelInfoResponseSchema.safeParse({ data: [deployment('x', 'openai/x', { orquesta: { quality: { general: 7 } } })] })
        assert.equal(parsed.success, false)
        assert.deepEqual(parsed.error?.issues[0].path, ['data', 0, 'model_info', 'orquesta', 'quality', 'general'])
    })
})
