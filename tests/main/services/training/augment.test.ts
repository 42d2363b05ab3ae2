/**
 * Augmentation (issue 14) touches the training fold only: the variants the trainer adds come from training
 * utterances (a property over random fold plans), and each draw is a function of the seed. Also the class-balanced
 * epoch and the plateau schedule.
 */
import { describe, expect, it } from 'vitest'
import {
  addNoiseRow,
  augmentRandom,
  cropStart,
  NOISE_SHARE,
  SPEC_AUGMENT,
  specAugmentRow
} from '../../../../src/main/services/training/augment'
import { balancedOrder, fillBatch } from '../../../../src/main/services/training/batches'
import type { DatasetMeta, DatasetUtterance } from '../../../../src/main/services/training/dataset-file'
import { planFolds } from '../../../../src/main/services/training/folds'
import { nextLr, PLATEAU } from '../../../../src/main/services/training/lr-schedule'
import { mulberry32 } from '../../../../src/main/services/training/prng'
import { withVariants } from '../../../../src/main/services/training/train-loop'
import { trainingBatches } from '../../../../src/main/services/training/train-batches'
import type { TrainJob } from '../../../../src/shared/api/training'
import { RUN_DEFAULTS } from '../../../../src/shared/domain/runs'

const DIMS = 4

function meta(frames: number[], maxFrames: number, speeds: number[] = []): { meta: DatasetMeta; data: Float32Array } {
  let offset = 0
  const utterances: DatasetUtterance[] = frames.map((f, i) => {
    const u = {
      id: `u${i}`,
      session: String(1 + (i % 5)),
      speaker: `s${i % 5}-${i % 2}`,
      offset,
      frames: f,
      label: i % 3,
      activation: -1,
      valence: -1
    }
    offset += f
    return u
  })
  const variants: DatasetUtterance[] = []
  for (const speed of speeds) {
    utterances.forEach((u, k) => {
      variants.push({ ...u, id: `${u.id}@speed${speed}`, offset, frames: u.frames, speed, source: k })
      offset += u.frames
    })
  }
  const data = new Float32Array(offset * DIMS).map((_, i) => Math.sin(i) * 2 + 1)
  const m: DatasetMeta = {
    version: 1,
    features: 'logmel',
    dims: DIMS,
    names: ['a', 'b', 'c', 'd'],
    frameShiftSec: 0.01,
    maxFrames,
    classes: ['neu', 'hap', 'ang'],
    binThresholds: [2.5, 3.5],
    utterances,
    hash: 'x',
    ...(variants.length ? { variants } : {})
  }
  return { meta: m, data }
}

describe('augmentation reaches the training fold only', () => {
  it('property: over random fold plans, every added variant comes from a training utterance; dev and test get none', () => {
    const random = mulberry32(2024)
    for (let trial = 0; trial < 40; trial++) {
      const n = 20 + Math.floor(random() * 60)
      const { meta: m } = meta(
        Array.from({ length: n }, () => 5 + Math.floor(random() * 20)),
        30,
        [0.9, 1.1]
      )
      const plans = planFolds(m.utterances, {
        testSession: null,
        folds: 2 + Math.floor(random() * 3),
        devSplit: random() < 0.5 ? 'utterances' : 'speaker',
        devFraction: 0.1 + random() * 0.3,
        seed: Math.floor(random() * 1e6)
      })
      for (const plan of plans) {
        const train = withVariants(plan.train, m)
        const heldOut = new Set([...plan.dev, ...plan.test])
        const all = [...m.utterances, ...(m.variants ?? [])]
        const inTrain = new Set(plan.train)
        expect(train.slice(0, plan.train.length)).toEqual(plan.train)
        for (const i of train) {
          const source = all[i].source ?? i
          expect(heldOut.has(source)).toBe(false)
          expect(inTrain.has(source)).toBe(true)
        }
        // every training utterance gets each factor once
        expect(train.length).toBe(plan.train.length * 3)
        // dev and test indices never point at a variant
        for (const i of heldOut) expect(i).toBeLessThan(m.utterances.length)
      }
    }
  })

  it('SpecAugment masks stay inside the real frames, zero whole runs, and repeat for the same seed', () => {
    const { meta: m, data } = meta([40, 12], 50)
    const run = (seed: number) => {
      const b = fillBatch(m, data, [0, 1])
      b.x.forEach((_, k) => (b.x[k] = b.x[k] === 0 ? 0 : b.x[k])) // padding is exactly 0
      for (let r = 0; r < 2; r++) specAugmentRow(b, r, 50, DIMS, augmentRandom(seed, 0, 1, r, 'mask'))
      return b
    }
    const a = run(1)
    expect(Array.from(run(1).x)).toEqual(Array.from(a.x))
    expect(Array.from(run(2).x)).not.toEqual(Array.from(a.x))
    const plain = fillBatch(m, data, [0, 1])
    let masked = 0
    for (let k = 0; k < a.x.length; k++) {
      if (a.x[k] !== plain.x[k]) {
        expect(a.x[k]).toBe(0)
        masked++
      }
    }
    expect(masked).toBeGreaterThan(0)
    expect(SPEC_AUGMENT.timeMasks).toBeGreaterThan(0)
  })

  it('noise lowers the contrast of log-Mel frames toward the noise floor, more at a lower SNR, and is seeded', () => {
    const { meta: m, data } = meta([30], 30)
    const norm = { mean: [0, 0, 0, 0], std: [1, 1, 1, 1] }
    const spread = (x: Float32Array) => Math.max(...x) - Math.min(...x)
    const noisy = (snr: number, seed = 1) => {
      const b = fillBatch(m, data, [0])
      addNoiseRow(b, 0, 30, DIMS, norm, [snr, snr], augmentRandom(seed, 0, 1, 0, 'noise'))
      return b.x
    }
    const clean = fillBatch(m, data, [0]).x
    expect(spread(noisy(20))).toBeLessThan(spread(clean))
    expect(spread(noisy(0))).toBeLessThan(spread(noisy(20)))
    expect(noisy(20).every(Number.isFinite)).toBe(true)
    const drawn = (seed: number) => {
      const b = fillBatch(m, data, [0])
      return addNoiseRow(b, 0, 30, DIMS, norm, [5, 25], augmentRandom(seed, 0, 1, 0, 'noise'))
    }
    expect(drawn(3)).toBe(drawn(3))
    expect(drawn(3)).toBeGreaterThanOrEqual(5)
    expect(drawn(3)).toBeLessThanOrEqual(25)
  })

  it('noise reaches about half the training rows of an epoch (seeded), so the model sees clean frames too', () => {
    const n = 200
    const { meta: m, data } = meta(
      Array.from({ length: n }, () => 20),
      20
    )
    const norms = m.utterances.map(() => ({ mean: [0, 0, 0, 0], std: [1, 1, 1, 1] }))
    const all = Array.from({ length: n }, (_, i) => i)
    const job = { fold: 0, config: { ...RUN_DEFAULTS, noiseSnrDb: [10, 30] } } as unknown as TrainJob
    const batches = trainingBatches(job, m, data, m.utterances, norms, all)
    const clean = fillBatch(m, data, all).x
    const noisyRows = (epoch: number) => {
      const x = batches.batch(all, epoch, 0).x
      const rowSize = 20 * DIMS
      return all.filter((i) => x.subarray(i * rowSize, (i + 1) * rowSize).some((v, j) => v !== clean[i * rowSize + j]))
    }
    const first = noisyRows(1)
    expect(first.length / n).toBeGreaterThan(NOISE_SHARE - 0.12)
    expect(first.length / n).toBeLessThan(NOISE_SHARE + 0.12)
    expect(noisyRows(1)).toEqual(first) // seeded
    expect(noisyRows(2)).not.toEqual(first) // drawn again each epoch
  })

  it('a random crop picks a window inside a longer utterance; one that fits starts at 0', () => {
    const random = mulberry32(5)
    for (let i = 0; i < 100; i++) {
      const s = cropStart({ frames: 75 }, 20, random)
      expect(s).toBeGreaterThanOrEqual(0)
      expect(s).toBeLessThanOrEqual(55)
    }
    expect(cropStart({ frames: 20 }, 20, random)).toBe(0)
    const { meta: m, data } = meta([60], 20)
    const b = fillBatch(m, data, [0], m.utterances, () => 10)
    expect(Array.from(b.x.slice(0, DIMS))).toEqual(Array.from(data.slice(10 * DIMS, 11 * DIMS)))
    expect(b.frames[0]).toBe(20)
  })
})

describe('class-balanced epochs', () => {
  it('draw every class as often as the largest, each utterance at least once, seeded', () => {
    const labels = [0, 0, 0, 0, 0, 0, 1, 1, 2]
    const train = labels.map((_, i) => i)
    const order = balancedOrder(train, (i) => labels[i], 1, 0, 3)
    expect(order).toHaveLength(18)
    for (const c of [0, 1, 2]) expect(order.filter((i) => labels[i] === c)).toHaveLength(6)
    expect(new Set(order).size).toBe(9)
    expect(balancedOrder(train, (i) => labels[i], 1, 0, 3)).toEqual(order)
    expect(balancedOrder(train, (i) => labels[i], 1, 0, 4)).not.toEqual(order)
  })
})

describe('reduce-on-plateau', () => {
  it(`halves the rate after ${PLATEAU.patience} epochs without a lower dev loss, never below ${PLATEAU.minLr}`, () => {
    let s = { lr: 0.001, plateauEpochs: 0 }
    s = nextLr('plateau', s, false)
    expect(s.lr).toBe(0.001)
    s = nextLr('plateau', s, false)
    expect(s).toEqual({ lr: 0.001 * PLATEAU.factor, plateauEpochs: 0 })
    s = nextLr('plateau', s, true)
    expect(s).toEqual({ lr: 0.0005, plateauEpochs: 0 })
    for (let i = 0; i < 100; i++) s = nextLr('plateau', s, false)
    expect(s.lr).toBe(PLATEAU.minLr)
    expect(nextLr('constant', { lr: 0.001, plateauEpochs: 0 }, false).lr).toBe(0.001)
  })
})
