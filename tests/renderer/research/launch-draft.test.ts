/**
 * The launch form's presets (src/renderer/src/research/launch-draft.ts): it starts from Workbench, a preset fills
 * every field, and the request carries the preset plus only what the researcher changed from it.
 */
import { describe, expect, it } from 'vitest'
import { defaultDraft, toRequest } from '@renderer/research/launch-draft'
import { baselineDelta } from '@renderer/research/format'
import { SerError } from '@shared/errors'

describe('launch draft presets', () => {
  it('defaults to the workbench preset: fusion of eGeMAPS-LLD and MFCC CNNs with LR, per speaker', () => {
    const d = defaultDraft()
    expect(d).toMatchObject({
      preset: 'workbench',
      model: 'fusion',
      classifier: 'lr',
      normalisation: 'speaker',
      features: 'egemaps',
      extraFeatures: ['mfcc']
    })
    expect(toRequest(d, 'demo')).toEqual({
      corpusId: 'demo',
      preset: 'workbench',
      normalisation: 'speaker',
      testSession: null
    })
  })

  it('the paper preset is the paper CNN, and changes from it are sent', () => {
    const d = defaultDraft('paper')
    expect(d).toMatchObject({ preset: 'paper', model: 'cnn', normalisation: 'fold', epochs: 30 })
    expect(toRequest(d, null)).toEqual({ preset: 'paper', testSession: null })
    expect(toRequest({ ...d, model: 'baseline', classifier: 'svm', epochs: 5 }, null)).toEqual({
      preset: 'paper',
      model: 'baseline',
      classifier: 'svm',
      normalisation: 'fold',
      testSession: null,
      epochs: 5
    })
    expect(toRequest(defaultDraft('none'), null)).toMatchObject({ preset: null })
  })
})

describe('extra views in the launch form', () => {
  it('sends views only where they differ from the preset, never the main input, none for a baseline', () => {
    const d = defaultDraft()
    expect(toRequest({ ...d, extraFeatures: ['mfcc', 'logmel'] }, null).extraFeatures).toEqual(['mfcc', 'logmel'])
    expect(toRequest({ ...d, extraFeatures: [] }, null).extraFeatures).toEqual([])
    // MFCC as the main input: the MFCC view falls away, one view left, which differs from the preset's
    expect(toRequest({ ...d, features: 'mfcc' }, null).extraFeatures).toEqual([])
    expect(toRequest({ ...d, model: 'baseline' }, null).extraFeatures).toEqual([])
    expect(toRequest(defaultDraft('paper'), null).extraFeatures).toBeUndefined()
  })
})

describe('the baseline delta as the evaluation page writes it', () => {
  it('says points over or below, to one decimal', () => {
    expect(baselineDelta(4.13)).toBe('+4.1 UA over the eGeMAPS baseline')
    expect(baselineDelta(-2)).toBe('−2.0 UA below the eGeMAPS baseline')
    expect(baselineDelta(0.01)).toBe('same UA as the eGeMAPS baseline')
    expect(baselineDelta(null)).toBe('the eGeMAPS baseline on the same folds')
  })
})

describe('the launch form’s request', () => {
  it('"One test session" without a session is refused, naming testSession, never sent as LOSO', () => {
    const d = { ...defaultDraft(), folds: 'one' as const, testSession: '' }
    expect(() => toRequest(d, 'demo')).toThrow(SerError)
    expect(() => toRequest(d, 'demo')).toThrow(/^testSession: /)
    try {
      toRequest(d, 'demo')
    } catch (e) {
      expect((e as SerError).field).toBe('testSession')
    }
  })

  it('one session tests on it; LOSO sends null whatever session the form remembers', () => {
    expect(toRequest({ ...defaultDraft(), folds: 'one', testSession: '3' }, null).testSession).toBe('3')
    expect(toRequest({ ...defaultDraft(), folds: 'loso', testSession: '3' }, null).testSession).toBeNull()
  })
})
