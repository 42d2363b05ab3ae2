/**
 * WA, UA, per-class precision/recall/F1 and the confusion matrix on cases worked by hand, including a class that no
 * test utterance has (its recall, precision and F1 are undefined and stay out of UA and macro F1) and a class the
 * model never predicts (precision undefined, recall and F1 zero).
 */
import { describe, expect, it } from 'vitest'
import { detailedFromConfusion, detailedMetrics, spread } from '../../../../src/main/services/metrics/class-metrics'

const LABELS = ['neu', 'hap', 'ang', 'sad']
const [NEU, HAP, ANG, SAD] = [0, 1, 2, 3]

describe('detailedMetrics', () => {
  // truth: neu ×3, hap ×2, ang ×1, sad ×0 (absent from this fold)
  const truth = [NEU, NEU, NEU, HAP, HAP, ANG]
  const predicted = [NEU, NEU, HAP, HAP, SAD, NEU]
  const m = detailedMetrics(LABELS, truth, predicted)

  it('counts the confusion matrix with rows = truth, columns = prediction', () => {
    expect(m.confusion).toEqual({
      labels: LABELS,
      matrix: [
        [2, 1, 0, 0],
        [0, 1, 0, 1],
        [1, 0, 0, 0],
        [0, 0, 0, 0]
      ]
    })
  })

  it('WA = 3 correct of 6; UA = mean recall over the three tested classes, (2/3 + 1/2 + 0) / 3', () => {
    expect(m.wa).toBeCloseTo(0.5, 12)
    expect(m.ua).toBeCloseTo(7 / 18, 12)
    expect(m.perClassRecall.neu).toBeCloseTo(2 / 3, 12)
    expect(m.perClassRecall.hap).toBeCloseTo(1 / 2, 12)
    expect(m.perClassRecall.ang).toBe(0)
    expect(m.perClassRecall.sad).toBeNaN()
  })

  it('precision per predicted column; a never-predicted class (ang) has none, a wrongly predicted one (sad) has 0', () => {
    expect(m.perClassPrecision.neu).toBeCloseTo(2 / 3, 12)
    expect(m.perClassPrecision.hap).toBeCloseTo(1 / 2, 12)
    expect(m.perClassPrecision.ang).toBeNaN()
    expect(m.perClassPrecision.sad).toBe(0)
  })

  it('F1 is the harmonic mean; 0 for a tested class never hit, undefined for an untested one; macro F1 over tested', () => {
    expect(m.perClassF1.neu).toBeCloseTo(2 / 3, 12)
    expect(m.perClassF1.hap).toBeCloseTo(1 / 2, 12)
    expect(m.perClassF1.ang).toBe(0)
    expect(m.perClassF1.sad).toBeNaN()
    expect(m.macroF1).toBeCloseTo(7 / 18, 12)
    expect(m.support).toEqual({ neu: 3, hap: 2, ang: 1, sad: 0 })
    expect(m.items).toBe(6)
  })

  it('an unbalanced case where WA and UA part: 9 of 10 neutral right, the one angry wrong', () => {
    const r = detailedMetrics(['neu', 'ang'], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
    expect(r.wa).toBeCloseTo(9 / 11, 12)
    expect(r.ua).toBeCloseTo((9 / 10 + 0) / 2, 12)
    // neu: P = 9/10, R = 9/10; ang: P = 0/1, R = 0/1
    expect(r.perClassF1.neu).toBeCloseTo(0.9, 12)
    expect(r.macroF1).toBeCloseTo(0.45, 12)
  })

  it('leaves out items without a target (an auxiliary rating that is missing, bin -1)', () => {
    const r = detailedMetrics(['low', 'mid', 'high'], [0, -1, 2, 2], [0, 1, 1, 2])
    expect(r.items).toBe(3)
    expect(r.wa).toBeCloseTo(2 / 3, 12)
    expect(r.confusion.matrix[1]).toEqual([0, 0, 0])
  })

  it('refuses mismatched lengths and class indices outside the labels', () => {
    expect(() => detailedMetrics(LABELS, [0, 1], [0])).toThrow(RangeError)
    expect(() => detailedMetrics(LABELS, [0], [4])).toThrow(/out of 0…3/)
  })

  it('an empty fold has no figures rather than zeros', () => {
    const r = detailedFromConfusion({
      labels: ['a', 'b'],
      matrix: [
        [0, 0],
        [0, 0]
      ]
    })
    expect(r.wa).toBeNaN()
    expect(r.ua).toBeNaN()
    expect(r.macroF1).toBeNaN()
  })
})

describe('spread', () => {
  it('is the population mean and standard deviation, skipping folds without a figure', () => {
    const s = spread([0.5, Number.NaN, 2 / 3])
    expect(s.mean).toBeCloseTo(7 / 12, 12)
    expect(s.std).toBeCloseTo(1 / 12, 12)
  })
})
