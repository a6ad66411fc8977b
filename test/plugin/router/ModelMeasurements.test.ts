import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ModelMeasurements } from '../../../plugin/router/ModelMeasurements'
import { profile } from '../../support/profiles'

describe('ModelMeasurements', () => {
    const prior = { ...profile('alpha'), quality: { general: 0.9, coding: 0.8, extraction: 0.7 }, priorLatencyMs: 900 }

    it('leaves a model nobody measured as the config describes it', () => {
        assert.deepEqual(new ModelMeasurements().apply(prior), prior)
    })

    it('puts measured categories and latency in place of the priors, keeps unmeasured priors, and names the run', () => {
        const measurements = new ModelMeasurements()
        measurements.set('alpha', { quality: { general: 0.5, extraction: 0.1 }, latencyMs: 420, runId: 'run-7', at: 1 })
        const measured = measurements.apply(prior)
        assert.deepEqual(measured.quality, { general: 0.5, coding: 0.8, extraction: 0.1 })
        assert.equal(measured.priorLatencyMs, 420)
        assert.equal(measured.measuredBy, 'run-7')
        assert.deepEqual(prior.quality, { general: 0.9, coding: 0.8, extraction: 0.7 }, 'the prior profile is not changed')
    })

    it('keeps the latency prior when the run measured none (every call failed)', () => {
        const measurements = new ModelMeasurements()
        measurements.set('alpha', { quality: { general: 0 }, runId: 'run-8', at: 1 })
        assert.equal(measurements.apply(prior).priorLatencyMs, 900)
    })
})
