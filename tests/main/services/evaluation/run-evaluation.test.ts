/**
 * A run's evaluation from its stored predictions: per fold and pooled (predictions concatenated, not fold metrics
 * averaged), the category head from the stored true labels and the auxiliary heads from the dataset's bins.
 */
import { describe, expect, it } from 'vitest'
import { evaluateRun } from '../../../../src/main/services/evaluation/run-evaluation'
import type { DatasetMeta } from '../../../../src/main/services/training/dataset-file'
import type { PredictionRow } from '../../../../src/main/services/training/run-store'

const CLASSES = ['neu', 'hap', 'ang', 'sad'] as const

function row(
  fold: number,
  id: string,
  truth: string,
  predicted: string,
  aux?: { act: number; val: number }
): PredictionRow {
  const probabilities = Object.fromEntries(CLASSES.map((c) => [c, c === predicted ? 0.7 : 0.1]))
  const oneHot = (k: number) => [0, 1, 2].map((i) => (i === k ? 0.8 : 0.1))
  return {
    fold,
    utteranceId: id,
    trueLabel: truth,
    predicted,
    probabilities,
    activation: aux ? oneHot(aux.act) : null,
    valence: aux ? oneHot(aux.val) : null
  }
}

function meta(bins: Record<string, [number, number]>): DatasetMeta {
  return {
    version: 1,
    features: 'logmel',
    dims: 1,
    names: ['x'],
    frameShiftSec: 0.01,
    maxFrames: 10,
    classes: [...CLASSES],
    binThresholds: [2.5, 3.5],
    utterances: Object.entries(bins).map(([id, [activation, valence]], i) => ({
      id,
      session: null,
      speaker: null,
      offset: i,
      frames: 1,
      label: 0,
      activation,
      valence
    })),
    hash: ''
  }
}

const FOLDS = [
  { fold: 0, testGroups: ['1'] },
  { fold: 1, testGroups: ['2'] }
]

describe('evaluateRun', () => {
  // fold 0: the hand-worked case of class-metrics.test.ts (sad absent); fold 1: sad, sad, neu
  const rows = [
    row(0, 'a', 'neu', 'neu'),
    row(0, 'b', 'neu', 'neu'),
    row(0, 'c', 'neu', 'hap'),
    row(0, 'd', 'hap', 'hap'),
    row(0, 'e', 'hap', 'sad'),
    row(0, 'f', 'ang', 'neu'),
    row(1, 'g', 'sad', 'sad'),
    row(1, 'h', 'sad', 'neu'),
    row(1, 'i', 'neu', 'neu')
  ]
  const e = evaluateRun('r', CLASSES, meta({}), FOLDS, rows)

  it('scores each fold on its own', () => {
    expect(e.category.folds.map((f) => f.fold)).toEqual([0, 1])
    expect(e.category.folds[0].metrics.wa).toBeCloseTo(0.5, 12)
    expect(e.category.folds[0].metrics.ua).toBeCloseTo(7 / 18, 12)
    // fold 1 tests only neu and sad: UA = (1 + 1/2) / 2
    expect(e.category.folds[1].metrics.wa).toBeCloseTo(2 / 3, 12)
    expect(e.category.folds[1].metrics.ua).toBeCloseTo(0.75, 12)
    expect(e.category.folds[1].testGroups).toEqual(['2'])
  })

  it('pools by concatenating predictions: WA 5/9, UA (3/4 + 1/2 + 0 + 1/2) / 4', () => {
    expect(e.category.pooled.confusion.matrix).toEqual([
      [3, 1, 0, 0],
      [0, 1, 0, 1],
      [1, 0, 0, 0],
      [1, 0, 0, 1]
    ])
    expect(e.category.pooled.wa).toBeCloseTo(5 / 9, 12)
    expect(e.category.pooled.ua).toBeCloseTo(0.4375, 12)
    // not the mean of the fold UAs, (7/18 + 3/4) / 2
    expect(e.category.pooled.ua).not.toBeCloseTo((7 / 18 + 0.75) / 2, 3)
    expect(e.foldSpread.waMean).toBeCloseTo(7 / 12, 12)
    expect(e.foldSpread.waStd).toBeCloseTo(1 / 12, 12)
  })

  it('a single-task run has no auxiliary heads', () => {
    expect(e.activation).toBeNull()
    expect(e.valence).toBeNull()
  })

  it('scores the activation and valence heads of a multi-task run against the dataset bins', () => {
    const multi = [
      row(0, 'a', 'neu', 'neu', { act: 0, val: 1 }),
      row(0, 'b', 'ang', 'ang', { act: 2, val: 2 }),
      row(1, 'c', 'sad', 'neu', { act: 1, val: 0 })
    ]
    // truth bins: a low/mid, b high/low, c missing activation (-1) / low valence
    const r = evaluateRun('m', CLASSES, meta({ a: [0, 1], b: [2, 0], c: [-1, 0] }), FOLDS, multi)
    expect(r.activation?.pooled.items).toBe(2)
    expect(r.activation?.pooled.wa).toBe(1)
    expect(r.valence?.pooled.confusion.labels).toEqual(['low', 'mid', 'high'])
    expect(r.valence?.pooled.wa).toBeCloseTo(2 / 3, 12)
    expect(r.valence?.folds.map((f) => f.metrics.items)).toEqual([2, 1])
  })
})
