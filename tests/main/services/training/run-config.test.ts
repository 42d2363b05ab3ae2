/**
 * Presets and the baseline's option rules (src/shared/domain/presets.ts, services/training/run-config.ts): the paper
 * preset is RUN_DEFAULTS exactly, workbench is what docs/training.md documents, explicit options win, and the
 * combinations that make no sense are errors naming their field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveRunConfig } from '../../../../src/main/services/training/run-config'
import { PRESET_VALUES, presetDifferences } from '../../../../src/shared/domain/presets'
import { RUN_DEFAULTS } from '../../../../src/shared/domain/runs'
import type { DemoIndex } from '../../../helpers/demo-index'
import { demoIndex } from '../../../helpers/demo-index'

let demo: DemoIndex
beforeAll(async () => {
  demo = await demoIndex({ turnsPerDialog: 2 })
})
afterAll(() => demo?.cleanup())

const resolve = (req: Parameters<typeof resolveRunConfig>[0]) => resolveRunConfig(req, demo.services.corpus)

describe('presets', () => {
  it("'paper' (the API's default) is exactly RUN_DEFAULTS", () => {
    const { corpusId: _c, classes: _k, ...paper } = resolve({ preset: 'paper' })
    expect(paper).toEqual(RUN_DEFAULTS)
    expect(resolve({})).toEqual(resolve({ preset: 'paper' }))
    expect(PRESET_VALUES.paper).toEqual({})
  })

  it("'workbench' is the plain average of two CNN views (eGeMAPS LLD, MFCC) and the LR baseline, per speaker", () => {
    const c = resolve({ preset: 'workbench' })
    expect(c).toMatchObject({
      preset: 'workbench',
      model: 'fusion',
      classifier: 'lr',
      normalisation: 'speaker',
      classWeighting: 'inverse',
      features: 'egemaps',
      extraFeatures: ['mfcc'],
      fusionWeight: 0.5
    })
    // everything else is the paper's
    const paperFields = {
      model: 'cnn',
      normalisation: 'fold',
      classWeighting: 'none',
      features: 'logmel',
      extraFeatures: [],
      fusionWeight: null
    }
    expect({ ...c, ...paperFields, preset: 'paper' }).toEqual(resolve({ preset: 'paper' }))
    expect(presetDifferences(c)).toEqual([])
  })

  it('explicit options override the preset, and the differences are what the run header lists', () => {
    const c = resolve({ preset: 'workbench', model: 'cnn', epochs: 12 })
    expect(c).toMatchObject({ model: 'cnn', epochs: 12, normalisation: 'speaker' })
    expect(presetDifferences(c)).toEqual([
      { field: 'model', value: 'cnn', preset: 'fusion' },
      { field: 'epochs', value: 12, preset: 30 }
    ])
    expect(resolve({ preset: null }).preset).toBeNull()
  })

  it('baseline and fusion default to per-speaker normalisation where every utterance has a speaker', () => {
    expect(resolve({ model: 'baseline' }).normalisation).toBe('speaker')
    expect(resolve({ model: 'baseline', normalisation: 'fold' }).normalisation).toBe('fold')
    expect(resolve({ model: 'cnn' }).normalisation).toBe('fold')
  })

  it("a preset's extra views belong to its CNN: a baseline under the workbench preset has none", () => {
    expect(resolve({ preset: 'workbench', model: 'baseline' }).extraFeatures).toEqual([])
    expect(resolve({ preset: 'workbench', model: 'cnn' }).extraFeatures).toEqual(['mfcc'])
    expect(resolve({ preset: 'workbench', extraFeatures: [] }).extraFeatures).toEqual([])
  })
})

describe('option combinations that make no sense', () => {
  it.each([
    [{ model: 'baseline' as const, task: 'multi' as const }, 'task'],
    [{ model: 'baseline' as const, features: 'logmel' as const }, 'features'],
    [{ model: 'fusion' as const, devFraction: 0 }, 'devFraction'],
    [{ model: 'cnn' as const, classifier: 'svm' as const }, 'classifier'],
    [{ model: 'baseline' as const, extraFeatures: ['mfcc' as const] }, 'extraFeatures'],
    [{ features: 'mfcc' as const, extraFeatures: ['mfcc' as const] }, 'extraFeatures'],
    [{ extraFeatures: ['egemaps' as const, 'egemaps' as const] }, 'extraFeatures'],
    [{ noiseSnrDb: [10, 30], extraFeatures: ['mfcc' as const] }, 'noiseSnrDb']
  ])('%j is an error naming %s', (req, field) => {
    expect(() => resolve(req)).toThrow(
      expect.objectContaining({ field, message: expect.stringMatching(new RegExp(`^${field}: `)) })
    )
  })
})
