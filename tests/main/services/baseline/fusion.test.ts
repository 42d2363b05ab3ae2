/** Late fusion (src/main/services/baseline/fusion.ts): w = 0 / 1 are each model alone; w is chosen on dev. */
import { describe, expect, it } from 'vitest'
import type { BaselineFoldResult } from '../../../../src/main/services/baseline/baseline-fold'
import { fuseFold } from '../../../../src/main/services/baseline/baseline-run'
import { chooseFusionWeight, fuse } from '../../../../src/main/services/baseline/fusion'
import type { DatasetMeta } from '../../../../src/main/services/training/dataset-file'

const cnn = [
  [0.7, 0.2, 0.1],
  [0.1, 0.3, 0.6]
]
const baseline = [
  [0.2, 0.5, 0.3],
  [0.3, 0.3, 0.4]
]

describe('fusion', () => {
  it('w = 1 is the CNN alone, w = 0 the baseline alone, w = 0.5 the mean', () => {
    expect(fuse(cnn, baseline, 1)).toEqual(cnn)
    expect(fuse(cnn, baseline, 0)).toEqual(baseline)
    fuse(cnn, baseline, 0.5)[0].forEach((p, k) => expect(p).toBeCloseTo([0.45, 0.35, 0.2][k], 12))
  })

  it('chooses the weight with the best dev UA', () => {
    // the truth follows the baseline on row 0 and the CNN on row 1 only when mixed: class 1, class 2
    const truth = [1, 2]
    const c = chooseFusionWeight(['neu', 'hap', 'ang'], cnn, baseline, truth)
    expect(c.devUa).toBe(1)
    const p = fuse(cnn, baseline, c.weight)
    expect(p.map((r) => r.indexOf(Math.max(...r)))).toEqual(truth)
    // a dev split the CNN alone gets right picks w = 1
    expect(chooseFusionWeight(['neu', 'hap', 'ang'], cnn, baseline, [0, 2]).weight).toBeGreaterThan(0.5)
    expect(chooseFusionWeight(['neu', 'hap', 'ang'], cnn, baseline, [1, 1]).weight).toBe(0)
  })
})

describe('fusion of a fold (fuseFold)', () => {
  // dev: utterances 0 and 1; test: 2 and 3 (only the fields fuseFold reads)
  const meta = { classes: ['neu', 'hap', 'ang'], utterances: [1, 2, 0, 2].map((label) => ({ label })) }
  const plan = { fold: 1, testGroups: ['s2'], train: [], dev: [0, 1], test: [2, 3] }
  const result = { devProbabilities: baseline, testProbabilities: [baseline[1], baseline[0]] }
  const cnnDev = cnn.map((probabilities, k) => ({ index: k, probabilities }))
  const cnnTest = [
    { index: 2, probabilities: cnn[0] },
    { index: 3, probabilities: cnn[1] }
  ]
  const run = (w: number | null) =>
    fuseFold(meta as unknown as DatasetMeta, plan, cnnTest, cnnDev, result as unknown as BaselineFoldResult, w)

  it('a fixed weight is used as given: 0 is the baseline alone, 0.5 the plain average, whatever dev says', () => {
    expect(run(0).weight).toBe(0)
    expect(run(0).predictions.map((p) => p.probabilities)).toEqual(result.testProbabilities)
    const half = run(0.5)
    expect(half.weight).toBe(0.5)
    half.predictions[0].probabilities.forEach((p, k) => expect(p).toBeCloseTo((cnn[0][k] + baseline[1][k]) / 2, 12))
    // its dev UA is reported beside it (dev truth hap, ang: the average gets ang right and hap wrong)
    expect(half.devUa).toBe(0.5)
  })

  it('null chooses the weight on the dev split', () => {
    expect(run(null).weight).toBe(chooseFusionWeight(meta.classes, cnn, baseline, [1, 2]).weight)
  })
})
