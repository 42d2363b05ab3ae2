/**
 * The multi-task objective J = (1 − α − β)·J_category + α·J_activation + β·J_valence (docs/paper.md, fact), checked on a
 * fixed batch against cross-entropies computed by hand; a missing rating (-1) leaves its head's mean.
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { crossEntropy, inverseClassWeights, taskLoss } from '../../../../src/main/services/training/losses'
import { selectBackend } from '../../../../src/main/services/training/backend'

/** −mean log p[label] over the rows whose label is not -1, in plain float64 */
function handCe(probs: number[][], labels: number[]): number {
  const rows = labels.map((l, i) => [l, i]).filter(([l]) => l >= 0)
  return rows.reduce((s, [l, i]) => s - Math.log(probs[i][l]), 0) / rows.length
}

const category = [
  [0.7, 0.1, 0.1, 0.1],
  [0.2, 0.5, 0.2, 0.1],
  [0.25, 0.25, 0.25, 0.25],
  [0.05, 0.05, 0.1, 0.8]
]
const activation = [
  [0.6, 0.3, 0.1],
  [0.2, 0.2, 0.6],
  [0.3, 0.4, 0.3],
  [0.1, 0.8, 0.1]
]
const valence = [
  [0.1, 0.1, 0.8],
  [0.5, 0.4, 0.1],
  [0.3, 0.3, 0.4],
  [0.2, 0.6, 0.2]
]
const labels = { label: [0, 1, 3, 3], activation: [0, 2, -1, 1], valence: [2, 0, 1, -1] }

describe('the training objective', () => {
  beforeAll(async () => {
    await selectBackend('cpu')
  })

  it('cross-entropy of one head equals −mean log p[true class], skipping -1 labels', () => {
    const ce = crossEntropy(tf.tensor2d(activation), tf.tensor1d(labels.activation, 'int32'), 3).dataSync()[0]
    expect(ce).toBeCloseTo(handCe(activation, labels.activation), 6)
  })

  it.each([
    [0.1, 0.1],
    [0.3, 0.2],
    [0, 0]
  ])('multi-task loss with α = %s, β = %s is the weighted sum of the three head losses', (alpha, beta) => {
    const t = {
      label: tf.tensor1d(labels.label, 'int32'),
      activation: tf.tensor1d(labels.activation, 'int32'),
      valence: tf.tensor1d(labels.valence, 'int32')
    }
    const out = taskLoss([tf.tensor2d(category), tf.tensor2d(activation), tf.tensor2d(valence)], t, { alpha, beta })
    const jc = handCe(category, labels.label)
    const ja = handCe(activation, labels.activation)
    const jv = handCe(valence, labels.valence)
    expect(out.category.dataSync()[0]).toBeCloseTo(jc, 6)
    expect(out.activation!.dataSync()[0]).toBeCloseTo(ja, 6)
    expect(out.valence!.dataSync()[0]).toBeCloseTo(jv, 6)
    expect(out.total.dataSync()[0]).toBeCloseTo((1 - alpha - beta) * jc + alpha * ja + beta * jv, 6)
  })

  it('the single-task loss is the category cross-entropy alone', () => {
    const out = taskLoss(
      [tf.tensor2d(category)],
      { label: tf.tensor1d(labels.label, 'int32') },
      { alpha: 0.1, beta: 0.1 }
    )
    expect(out.total.dataSync()[0]).toBeCloseTo(handCe(category, labels.label), 6)
  })

  it('inverse-frequency class weights are N / (C · n_c): labels 0,0,0,1 over 3 classes → 4/6, 4/2, 0 (absent)', () => {
    expect(inverseClassWeights([0, 0, 0, 1], 3)).toEqual([4 / 6, 2, 0])
    // every present class then carries the same total weight
    const w = inverseClassWeights([2, 2, 1, 0, 2, 2], 3)
    expect([1 * w[0], 1 * w[1], 4 * w[2]].map((x) => x.toFixed(9))).toEqual(Array(3).fill((2).toFixed(9)))
  })

  it('class weights change the category loss to Σ w_y · CE / n, as computed by hand', () => {
    const weights = [0.5, 2, 1, 3]
    const hand = labels.label.reduce((s, l, i) => s - weights[l] * Math.log(category[i][l]), 0) / labels.label.length
    const out = taskLoss(
      [tf.tensor2d(category)],
      { label: tf.tensor1d(labels.label, 'int32') },
      { alpha: 0.1, beta: 0.1 },
      tf.tensor1d(weights)
    )
    expect(out.total.dataSync()[0]).toBeCloseTo(hand, 6)
    expect(hand).not.toBeCloseTo(handCe(category, labels.label), 2)
    // all weights 1 is the unweighted loss
    const ones = crossEntropy(
      tf.tensor2d(category),
      tf.tensor1d(labels.label, 'int32'),
      4,
      tf.tensor1d([1, 1, 1, 1])
    ).dataSync()[0]
    expect(ones).toBeCloseTo(handCe(category, labels.label), 6)
  })
})
