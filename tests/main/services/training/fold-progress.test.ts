import { describe, expect, it } from 'vitest'
import type { TrainJob, TrainingProgress } from '../../../../src/shared/api/training'
import { foldProgress } from '../../../../src/main/services/training/fold-progress'
import { lrScheduler, PLATEAU } from '../../../../src/main/services/training/lr-schedule'

const job = {
  runId: 'r',
  fold: 1,
  folds: 3,
  progressIntervalMs: 0,
  config: { epochs: 4, batchSize: 8 }
} as unknown as TrainJob

describe('fold progress (fold-progress.ts)', () => {
  it('sends batch points inside an epoch only, and the epoch end with its dev scores', () => {
    const sent: TrainingProgress[] = []
    let rate = 0.01
    const p = foldProgress(
      job,
      20,
      3,
      () => rate,
      (point) => sent.push(point)
    )
    const start = Date.now()
    p.batch(2, 1, 3, 0.9, 0.4, start)
    p.batch(2, 3, 3, 0.8, 0.5, start)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      runId: 'r',
      fold: 1,
      folds: 3,
      epoch: 2,
      epochs: 4,
      batch: 1,
      batches: 3,
      loss: 0.9,
      lr: 0.01
    })
    expect(sent[0].valLoss).toBeUndefined()
    rate = 0.005
    p.evaluated(2)
    p.epochEnd(2, 3, 0.8, 0.5, start, { loss: 1.1, acc: 0.45 })
    expect(sent[1]).toMatchObject({ epoch: 2, batch: 3, valLoss: 1.1, valAcc: 0.45, lr: 0.005 })
    // two epochs left, each with one 2 s dev evaluation, at least
    expect(sent[1].etaSec).toBeGreaterThanOrEqual(4)
  })

  it('a throttle interval holds batch points back', () => {
    const sent: TrainingProgress[] = []
    const p = foldProgress(
      { ...job, progressIntervalMs: 3_600_000 },
      20,
      3,
      () => 0.01,
      (point) => sent.push(point)
    )
    p.epochEnd(1, 3, 1, 0.5, Date.now(), null)
    p.batch(2, 1, 3, 0.9, 0.4, Date.now())
    expect(sent).toHaveLength(1)
  })
})

describe('lrScheduler (lr-schedule.ts)', () => {
  it('sets the rate on the optimizer at once and after each plateau step', () => {
    const optimizer = { learningRate: 0 }
    const lr = lrScheduler('plateau', { lr: 0.01, plateauEpochs: 0 }, optimizer)
    expect(optimizer.learningRate).toBe(0.01)
    for (let k = 0; k < PLATEAU.patience; k++) lr.step(false)
    expect(optimizer.learningRate).toBe(0.01 * PLATEAU.factor)
    expect(lr.state).toEqual({ lr: 0.01 * PLATEAU.factor, plateauEpochs: 0 })
  })
})
