/** WA, UA, per-class recall and the confusion matrix on a case worked by hand. */
import { describe, expect, it } from 'vitest'
import { classificationMetrics } from '../../../../src/main/services/metrics/metrics'

describe('classification metrics', () => {
  it('an imbalanced case where WA and UA differ', () => {
    // 6 neu (5 right), 2 hap (1 right), 2 ang (0 right: both called neu)
    const truth = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2]
    const pred = [0, 0, 0, 0, 0, 1, 1, 0, 0, 0]
    const m = classificationMetrics(['neu', 'hap', 'ang'], truth, pred)
    expect(m.wa).toBeCloseTo(6 / 10)
    expect(m.perClassRecall).toEqual({ neu: 5 / 6, hap: 0.5, ang: 0 })
    expect(m.ua).toBeCloseTo((5 / 6 + 0.5 + 0) / 3)
    expect(m.confusion.matrix).toEqual([
      [5, 1, 0],
      [1, 1, 0],
      [2, 0, 0]
    ])
  })

  it('a class without test utterances has no recall and stays out of UA', () => {
    const m = classificationMetrics(['neu', 'hap', 'sad'], [0, 1], [0, 0])
    expect(Number.isNaN(m.perClassRecall.sad)).toBe(true)
    expect(m.ua).toBeCloseTo(0.5)
  })

  it('refuses a class index outside the labels', () => {
    expect(() => classificationMetrics(['a', 'b'], [0, 2], [0, 0])).toThrow(RangeError)
  })
})
