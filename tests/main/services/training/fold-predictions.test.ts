import { describe, expect, it } from 'vitest'
import {
  averagePredictions,
  devPredictions,
  testPredictions
} from '../../../../src/main/services/training/fold-predictions'

describe('fold predictions (fold-predictions.ts)', () => {
  // two chunks of outputs: 2 + 1 utterances, 2 classes, and the 3-bin activation/valence heads
  const outputs = [
    [
      new Float32Array([0.25, 0.75, 0.5, 0.5]),
      new Float32Array([1, 0, 0, 0, 1, 0]),
      new Float32Array([0, 0, 1, 0.5, 0.5, 0])
    ],
    [new Float32Array([1, 0]), new Float32Array([0, 0, 1]), new Float32Array([1, 0, 0])]
  ]

  it('splits each head into per-utterance rows in the order of the indices', () => {
    const p = testPredictions(outputs, [7, 3, 9], 2, true)
    expect(p.map((x) => x.index)).toEqual([7, 3, 9])
    expect(p[1]).toEqual({ index: 3, probabilities: [0.5, 0.5], activation: [0, 1, 0], valence: [0.5, 0.5, 0] })
    expect(testPredictions(outputs, [7, 3, 9], 2, false)[2]).toEqual({ index: 9, probabilities: [1, 0] })
    expect(devPredictions(outputs, [1, 2, 4], 2)).toEqual([
      { index: 1, probabilities: [0.25, 0.75] },
      { index: 2, probabilities: [0.5, 0.5] },
      { index: 4, probabilities: [1, 0] }
    ])
  })

  it("an ensemble's prediction is the mean of its members' per head", () => {
    const a = testPredictions(outputs, [7, 3, 9], 2, true)
    const b = a.map((p) => ({ ...p, probabilities: [1, 0], activation: [0, 0, 1] }))
    const mean = averagePredictions([a, b])
    expect(mean[0].probabilities).toEqual([0.625, 0.375])
    expect(mean[0].activation).toEqual([0.5, 0, 0.5])
    expect(mean[0].valence).toEqual([0, 0, 1])
  })
})
