/**
 * A fold's live progress (tfjs's ProgressCallback role): throttled batch points and the point that ends an epoch,
 * each with throughput over the epoch so far and the ETA to the fold's last epoch (batches left at this epoch's
 * pace plus one dev evaluation per epoch left, timed on the last one).
 */
import type { TrainJob, TrainingProgress } from '../../../shared/api/training'

export interface FoldProgress {
  /** After batch `batch` (1-based) of `batches`: a point, unless one was sent within job.progressIntervalMs */
  batch(epoch: number, batch: number, batches: number, loss: number, acc: number, epochStart: number): void
  /** How long this epoch's dev evaluation took (the ETA counts one per epoch left) */
  evaluated(seconds: number): void
  /** The epoch's last point, with its dev loss and accuracy */
  epochEnd(
    epoch: number,
    batches: number,
    loss: number,
    acc: number,
    epochStart: number,
    dev: { loss: number; acc: number } | null
  ): void
}

export function foldProgress(
  job: TrainJob,
  epochSize: number,
  batchesPerEpoch: number,
  lr: () => number,
  send: (point: TrainingProgress) => void
): FoldProgress {
  const { config } = job
  let lastSent = 0
  let lastEvalSec = 0
  const point = (
    epoch: number,
    batch: number,
    loss: number,
    acc: number,
    epochStart: number,
    extra: Partial<TrainingProgress> = {}
  ): TrainingProgress => {
    const now = Date.now()
    const seconds = (now - epochStart) / 1000
    const perBatch = seconds / Math.max(1, batch)
    const remaining = batchesPerEpoch - batch + (config.epochs - epoch) * batchesPerEpoch
    return {
      runId: job.runId,
      fold: job.fold,
      folds: job.folds,
      epoch,
      epochs: config.epochs,
      batch,
      batches: batchesPerEpoch,
      loss,
      acc,
      lr: lr(),
      throughput: Math.min(batch * config.batchSize, epochSize) / Math.max(seconds, 1e-3),
      etaSec: remaining * perBatch + (config.epochs - epoch + (batch < batchesPerEpoch ? 1 : 0)) * lastEvalSec,
      at: now,
      ...extra
    }
  }
  return {
    batch(epoch, batch, batches, loss, acc, epochStart) {
      if (Date.now() - lastSent < job.progressIntervalMs || batch >= batches) return
      lastSent = Date.now()
      send(point(epoch, batch, loss, acc, epochStart))
    },
    evaluated(seconds) {
      lastEvalSec = seconds
    },
    epochEnd(epoch, batches, loss, acc, epochStart, dev) {
      lastSent = Date.now()
      send(point(epoch, batches, loss, acc, epochStart, { valLoss: dev?.loss, valAcc: dev?.acc }))
    }
  }
}
