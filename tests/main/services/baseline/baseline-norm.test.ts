/**
 * Speaker normalisation (src/main/services/baseline/baseline-norm.ts) never reads a label and normalises test
 * speakers by their own statistics; the documented fallbacks for one-utterance speakers and missing values.
 */
import { describe, expect, it } from 'vitest'
import { normaliseRows, rowStats } from '../../../../src/main/services/baseline/baseline-norm'
import { trainBaselineFold } from '../../../../src/main/services/baseline/baseline-fold'
import { mulberry32 } from '../../../../src/main/services/training/prng'

function corpus(seed: number) {
  const random = mulberry32(seed)
  const speakers = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'c']
  const offset: Record<string, number> = { a: 0, b: 10, c: -5 }
  const x = Float64Array.from(speakers.flatMap((s) => [offset[s] + random(), 100 * offset[s] + 3 * random()]))
  return { x, speakers }
}

describe('per-speaker normalisation', () => {
  it('gives each speaker mean 0 and std 1, test speakers by their own statistics', () => {
    const { x, speakers } = corpus(1)
    const train = [0, 1, 2, 3, 4, 5] // speakers a and b; c is the test speaker
    const n = normaliseRows(x, 2, speakers, train, 'speaker')
    const c = [6, 7, 8, 9]
    const s = rowStats(n.x, 2, c)
    expect(s.mean[0]).toBeCloseTo(0, 12)
    expect(s.std[0]).toBeCloseTo(1, 12)
    // and exactly the speaker's own z-scores
    const own = rowStats(x, 2, c)
    expect(n.x[6 * 2 + 1]).toBeCloseTo((x[6 * 2 + 1] - own.mean[1]) / own.std[1], 12)
    // the fold mode uses the training rows' statistics instead
    const f = normaliseRows(x, 2, speakers, train, 'fold')
    const t = rowStats(x, 2, train)
    expect(f.x[6 * 2]).toBeCloseTo((x[6 * 2] - t.mean[0]) / t.std[0], 12)
  })

  it('does not depend on the labels: shuffled labels give the same normalised features and the same test input', () => {
    const { x, speakers } = corpus(2)
    const labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
    const shuffled = [1, 1, 0, 0, 1, 0, 1, 0, 0, 1]
    const a = normaliseRows(x, 2, speakers, [0, 1, 2, 3, 4, 5], 'speaker')
    const b = normaliseRows(x, 2, speakers, [0, 1, 2, 3, 4, 5], 'speaker')
    expect(Array.from(a.x)).toEqual(Array.from(b.x))
    // through the whole fold: changing the test labels changes nothing the model sees or predicts
    const input = {
      x,
      d: 2,
      speakers,
      classes: ['neu', 'ang'],
      train: [0, 1, 2, 3, 4, 5],
      dev: [],
      test: [6, 7, 8, 9],
      classifier: 'lr' as const,
      normalisation: 'speaker' as const
    }
    const one = trainBaselineFold({ ...input, labels })
    const two = trainBaselineFold({ ...input, labels: [...labels.slice(0, 6), ...shuffled.slice(6)] })
    expect(two.testProbabilities).toEqual(one.testProbabilities)
  })

  it('falls back to the fold statistics for a one-utterance speaker and a speaker-less row; imputes missing values with the mean', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, Number.NaN, 9, 10, 12, 11])
    const speakers = ['a', 'a', 'b', null, 'c', 'c']
    const n = normaliseRows(x, 2, speakers, [0, 1, 2], 'speaker')
    expect(n.fallbackSpeakers).toEqual(['b'])
    const fold = rowStats(x, 2, [0, 1, 2])
    expect(n.x[2 * 2]).toBeCloseTo((5 - fold.mean[0]) / fold.std[0], 12) // b: fold stats
    expect(n.x[3 * 2]).toBeCloseTo((7 - fold.mean[0]) / fold.std[0], 12) // no speaker: fold stats
    expect(n.x[3 * 2 + 1]).toBe(0) // NaN → the mean → 0
    expect(n.imputedRows).toBe(1)
    expect(Array.from(n.x).every(Number.isFinite)).toBe(true)
  })
})
