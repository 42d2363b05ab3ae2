/**
 * The live view's run (src/renderer/src/research/live-run.ts): a fold's further models (a seed of an ensemble, an
 * extra view) report where the fold is, tagged `member`, without adding to the fold's curves.
 */
import { describe, expect, it } from 'vitest'
import type { TrainingProgress } from '@shared/api/training'
import { applyProgress, emptyRun, progressSummary } from '@renderer/research/live-run'

const point = (over: Partial<TrainingProgress>): TrainingProgress => ({
  runId: 'r',
  fold: 0,
  folds: 5,
  epoch: 1,
  epochs: 30,
  batch: 4,
  batches: 4,
  loss: 1,
  acc: 0.5,
  lr: 0.001,
  throughput: 100,
  etaSec: 60,
  at: Date.now(),
  ...over
})

describe('live run', () => {
  it("a further model's points move the header, not the curves", () => {
    const run = emptyRun('r')
    run.pending = null
    applyProgress(run, point({ epoch: 12, valLoss: 0.8, valAcc: 0.7 }))
    expect(run.points).toHaveLength(1)
    expect(run.epochs).toHaveLength(1)
    expect(progressSummary(run)).toMatchObject({ epoch: 12, member: null })

    applyProgress(run, point({ epoch: 3, valLoss: 1.2, valAcc: 0.4, member: 'view mfcc', at: Date.now() + 1 }))
    expect(run.points).toHaveLength(1)
    expect(run.epochs).toHaveLength(1)
    expect(progressSummary(run)).toMatchObject({ epoch: 3, member: 'view mfcc', fold: 0 })
  })
})
