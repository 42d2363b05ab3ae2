/** Late fusion (src/main/services/baseline/fusion.ts): w = 0 / 1 are each model alone; w is chosen on dev. */
import { describe, expect, it } from 'vitest'
import { chooseFusionWeight, fuse } from '../../../../src/main/services/baseline/fusion'

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
