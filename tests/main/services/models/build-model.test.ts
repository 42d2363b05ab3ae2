/** The paper's models: output shapes and parameter counts for each variant, and named errors for impossible specs. */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ModelSpec } from '../../../../src/main/services/models/build-model'
import { buildModel, parameterCount } from '../../../../src/main/services/models/build-model'
import { modelFlops } from '../../../../src/main/services/models/model-flops'
import { selectBackend } from '../../../../src/main/services/training/backend'

const paper: ModelSpec = {
  model: 'cnn',
  task: 'single',
  frames: 750,
  dims: 26,
  classes: 4,
  filterWidths: [5, 10, 20],
  filters: 100,
  dropout: 0.5,
  poolFrames: 30,
  form: 'matmul',
  seed: 1
}

beforeAll(async () => {
  await selectBackend('cpu')
})

describe('the paper-sized models (750 frames × 26 log-Mel bands, widths 5/10/20 × 100 filters)', () => {
  // convolutions: (5 + 10 + 20) · 26 · 100 weights + 3 · 100 biases = 91,300; a 4-way softmax on 300 features: 1,204
  it.each([
    ['CNN, single-task', { model: 'cnn', task: 'single' }, [[null, 4]], 91_300 + 1_204],
    [
      'CNN, multi-task',
      { model: 'cnn', task: 'multi' },
      [
        [null, 4],
        [null, 3],
        [null, 3]
      ],
      91_300 + 1_204 + 2 * 903
    ],
    ['attentive CNN, single-task', { model: 'attentive-cnn', task: 'single' }, [[null, 4]], 91_300 + 300 + 1_204],
    [
      'attentive CNN, multi-task',
      { model: 'attentive-cnn', task: 'multi' },
      [
        [null, 4],
        [null, 3],
        [null, 3]
      ],
      91_300 + 300 + 1_204 + 2 * 903
    ]
  ] as const)('%s', (_what, variant, shapes, params) => {
    const spec = { ...paper, ...variant }
    const model = buildModel(spec)
    expect(model.outputs.map((o) => o.shape)).toEqual(shapes)
    expect(model.inputs[0].shape).toEqual([null, 750, 26])
    expect(model.countParams()).toBe(params)
    expect(parameterCount(spec)).toBe(params)
    model.dispose()
  })

  it('runs a batch to probabilities (rows sum to 1)', () => {
    const model = buildModel({ ...paper, frames: 60, filterWidths: [3, 7], filters: 10 })
    const p = model.predict(tf.randomNormal([2, 60, 26])) as tf.Tensor
    for (const s of tf.sum(p, 1).dataSync()) expect(s).toBeCloseTo(1, 5)
  })

  it('counts FLOPs from the convolutions: 2 · (T − w + 1) · w · D · F per width', () => {
    const f = modelFlops(paper)
    const conv = [5, 10, 20].reduce((s, w) => s + 2 * (750 - w + 1) * w * 26 * 100, 0)
    expect(f.forward).toBe(conv + 2 * 300 * 4)
    expect(f.trainDense).toBe(3 * f.forward)
    expect(f.trainSparse).toBeLessThan(1.1 * f.forward)
  })
})

describe('impossible models are named errors', () => {
  it.each([
    ['the same width twice', { filterWidths: [5, 5] }, 'filterWidths'],
    ['a width longer than the input', { frames: 10, filterWidths: [20] }, 'filterWidths'],
    [
      'attention windows that do not fit',
      { model: 'attentive-cnn', frames: 40, filterWidths: [5], poolFrames: 50 },
      'poolFrames'
    ],
    ['a single class', { classes: 1 }, 'classes']
  ] as const)('%s', (_what, change, field) => {
    expect(() => buildModel({ ...paper, ...change } as ModelSpec)).toThrow(
      expect.objectContaining({ code: 'FIELD_INVALID', field })
    )
  })
})
