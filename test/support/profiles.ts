import type { ModelProfile } from '../../plugin/router/types'

/** A model profile for unit tests; every field can be overridden. */
export const profile = (name: string, overrides: Partial<ModelProfile> = {}): ModelProfile => ({
    name,
    provider: 'openai',
    inputCostPerToken: 1e-6,
    outputCostPerToken: 2e-6,
    supportsTools: true,
    supportsVision: false,
    supportsJson: true,
    supportsAudio: false,
    supportsFiles: false,
    quality: { general: 0.7 },
    demo: false,
    ...overrides
})
