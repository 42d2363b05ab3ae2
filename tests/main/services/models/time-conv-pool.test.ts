/**
 * The two forms of the paper's convolution compute the same function: tfjs's conv1d layer (autograd, needs
 * Conv2DBackpropFilter) and the im2col matrix product with its sparse max-pool gradient (trains on WASM). Same
 * weights → same outputs and same weight gradients, for global pooling (CNN) and windowed pooling (attentive CNN);
 * a model saved in one form loads in the other.
 */
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModel, setConvForm } from '../../../../src/main/services/models/build-model'
import type { ModelSpec } from '../../../../src/main/services/models/build-model'
import { loadModel, saveModel } from '../../../../src/main/services/models/model-io'
import { im2col, matmulConvPool } from '../../../../src/main/services/models/time-conv-pool'
import { selectBackend } from '../../../../src/main/services/training/backend'
import { tempDir } from '../../../helpers/temp-dir'

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync()
  const y = b.dataSync()
  expect(x.length).toBe(y.length)
  let scale = 1e-6
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]))
  let d = 0
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]))
  return d / scale
}

/** The textbook layer: conv1d → +bias → ReLU → max over time (or over windows), with tfjs's own gradients. */
function reference(x: tf.Tensor3D, kernel: tf.Tensor3D, bias: tf.Tensor1D, pool: number, windows: number): tf.Tensor {
  const z = tf.relu(tf.add(tf.conv1d(x, kernel, 1, 'valid'), bias)) as tf.Tensor3D
  if (pool === 0) return tf.max(z, 1)
  const [b, , f] = z.shape
  return tf.max(tf.reshape(tf.slice(z, [0, 0, 0], [b, windows * pool, f]), [b, windows, pool, f]), 2)
}

describe('conv form vs im2col-matmul form (cpu backend, which has every gradient)', () => {
  beforeAll(async () => {
    await selectBackend('cpu')
  })

  it('im2col lays the width time-shifted frames side by side', () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8]
      ]
    ]) // 1 × 4 frames × 2 dims
    expect(im2col(x, 3).arraySync()).toEqual([
      [1, 2, 3, 4, 5, 6],
      [3, 4, 5, 6, 7, 8]
    ])
  })

  for (const [what, pool, windows] of [
    ['global max pooling (CNN)', 0, 0],
    ['windowed max pooling (attentive CNN)', 6, 4]
  ] as const) {
    for (const forward of ['im2col', 'conv1d'] as const) {
      it(`${what}, ${forward} forward: same outputs and same kernel and bias gradients`, () => {
        const x = tf.randomNormal([3, 31, 5], 0, 1, 'float32', 11) as tf.Tensor3D
        const kernel = tf.randomNormal([4, 5, 7], 0, 0.5, 'float32', 12) as tf.Tensor3D
        const bias = tf.randomNormal([7], 0, 0.1, 'float32', 13) as tf.Tensor1D
        const probe = tf.randomNormal(pool === 0 ? [3, 7] : [3, windows, 7], 0, 1, 'float32', 14)
        const viaConv = (k: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(reference(x, k as tf.Tensor3D, b as tf.Tensor1D, pool, windows), probe)) as tf.Scalar
        const viaMatmul = (k: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(tf.relu(tf.add(matmulConvPool(x, k as tf.Tensor3D, pool, windows, forward), b)), probe)
          ) as tf.Scalar
        expect(maxRelDiff(viaMatmul(kernel, bias), viaConv(kernel, bias))).toBeLessThan(1e-5)
        const [gk1, gb1] = tf.grads(viaConv)([kernel, bias])
        const [gk2, gb2] = tf.grads(viaMatmul)([kernel, bias])
        expect(tf.sum(tf.abs(gk1)).dataSync()[0]).toBeGreaterThan(0)
        expect(maxRelDiff(gk2, gk1)).toBeLessThan(1e-5)
        expect(maxRelDiff(gb2, gb1)).toBeLessThan(1e-5)
      })
    }
  }

  it("windowed pooling at the attentive CNN's proportions (width 10 × 26 dims, 30-frame windows): same gradient", () => {
    const x = tf.randomNormal([2, 100, 26], 0, 1, 'float32', 31) as tf.Tensor3D
    const kernel = tf.randomNormal([10, 26, 9], 0, 0.2, 'float32', 32) as tf.Tensor3D
    const bias = tf.randomNormal([9], 0, 0.1, 'float32', 33) as tf.Tensor1D
    const probe = tf.randomNormal([2, 3, 9], 0, 1, 'float32', 34)
    const viaConv = (k: tf.Tensor) => tf.sum(tf.mul(reference(x, k as tf.Tensor3D, bias, 30, 3), probe)) as tf.Scalar
    const viaMatmul = (k: tf.Tensor) =>
      tf.sum(tf.mul(tf.relu(tf.add(matmulConvPool(x, k as tf.Tensor3D, 30, 3), bias)), probe)) as tf.Scalar
    const g1 = tf.grad(viaConv)(kernel)
    const g2 = tf.grad(viaMatmul)(kernel)
    expect(tf.sum(tf.abs(g1)).dataSync()[0]).toBeGreaterThan(0)
    expect(maxRelDiff(g2, g1)).toBeLessThan(1e-5)
  })

  it('a whole model gives the same outputs and weight gradients in both forms, and loads in either', async () => {
    const spec: ModelSpec = {
      model: 'attentive-cnn',
      task: 'multi',
      frames: 40,
      dims: 6,
      classes: 4,
      filterWidths: [3, 5],
      filters: 8,
      dropout: 0.5,
      poolFrames: 9,
      form: 'conv',
      seed: 5
    }
    const model = buildModel(spec)
    const x = tf.randomNormal([4, 40, 6], 0, 1, 'float32', 21)
    const loss = () =>
      tf.addN(
        (model.apply(x, { training: false }) as tf.Tensor[]).map((o, i) =>
          tf.sum(tf.mul(o, tf.range(1, o.shape[1]! + 1).mul(i + 1)))
        )
      ) as tf.Scalar
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
    const conv = tf.variableGrads(loss, vars)
    setConvForm(model, 'matmul')
    const matmul = tf.variableGrads(loss, vars)
    expect(maxRelDiff(matmul.value, conv.value)).toBeLessThan(1e-5)
    for (const name of Object.keys(conv.grads))
      expect(maxRelDiff(matmul.grads[name], conv.grads[name]), name).toBeLessThan(1e-4)

    const t = tempDir()
    try {
      await saveModel(model, `${t.dir}/m`)
      const asConv = await loadModel(`${t.dir}/m`, { form: 'conv' })
      const asMatmul = await loadModel(`${t.dir}/m`, { form: 'matmul' })
      const want = (model.predict(x) as tf.Tensor[])[0]
      expect(maxRelDiff((asConv.predict(x) as tf.Tensor[])[0], want)).toBeLessThan(1e-6)
      expect(maxRelDiff((asMatmul.predict(x) as tf.Tensor[])[0], want)).toBeLessThan(1e-6)
    } finally {
      t.cleanup()
    }
  })
})

describe('on the WASM backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm')
  })
  afterAll(async () => {
    await tf.setBackend('cpu')
  })

  it('the conv form cannot train (no Conv2DBackpropFilter kernel), the matmul form can', async () => {
    const spec: ModelSpec = {
      model: 'cnn',
      task: 'single',
      frames: 30,
      dims: 4,
      classes: 3,
      filterWidths: [2, 4],
      filters: 5,
      dropout: 0,
      poolFrames: 1,
      form: 'conv',
      seed: 9
    }
    const model = buildModel(spec)
    const x = tf.randomNormal([6, 30, 4], 0, 1, 'float32', 3)
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3)
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
    const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar
    expect(() => tf.variableGrads(loss, vars)).toThrow(/Conv2DBackpropFilter/)

    setConvForm(model, 'matmul')
    const before = vars[0].dataSync().slice()
    tf.train.adam(0.01).minimize(loss, false, vars)
    const after = vars[0].dataSync()
    expect(after.some((v, i) => v !== before[i])).toBe(true)
  })
})
