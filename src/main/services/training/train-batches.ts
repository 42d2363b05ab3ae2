/**
 * A fold's training batches: the seeded epoch order (balanced or plain, batches.ts) over the training utterances
 * and their speed-perturbed variants, and each batch's augmentation (augment.ts): random crops, then noise on the
 * features' own scale, then SpecAugment masks; all seeded by (seed, fold, epoch, position), so a resumed epoch is
 * the same as an uninterrupted one.
 */
import type { TrainJob } from '../../../shared/api/training'
import { addNoiseRow, augmentRandom, cropStart, noiseThisEpoch, specAugmentRow } from './augment'
import type { Batch } from './batches'
import { balancedOrder, epochOrder, fillBatch } from './batches'
import type { Dataset, DatasetUtterance } from './dataset-file'
import type { Norm } from './normalise'

/** The training indices with their speed-perturbed variants (indices after the utterances); dev and test get none. */
export function withVariants(train: readonly number[], meta: Dataset['meta']): number[] {
  const n = meta.utterances.length
  const inTrain = new Set(train)
  const extra: number[] = []
  ;(meta.variants ?? []).forEach((v, k) => {
    if (v.source !== undefined && inTrain.has(v.source)) extra.push(n + k)
  })
  return [...train, ...extra]
}

export interface TrainingBatches {
  /** The utterances of an epoch (1-based), in training order */
  order(epoch: number): number[]
  /** One batch of `part`, whose first utterance is at position `first` of the epoch */
  batch(part: number[], epoch: number, first: number): Batch
}

export function trainingBatches(
  job: TrainJob,
  meta: Dataset['meta'],
  data: Float32Array,
  items: DatasetUtterance[],
  norms: Norm[],
  train: number[]
): TrainingBatches {
  const { config } = job
  const { maxFrames, dims } = meta
  return {
    order: (epoch) =>
      config.balancedBatches
        ? balancedOrder(train, (i) => items[i].label, config.seed, job.fold, epoch)
        : epochOrder(train, config.seed, job.fold, epoch),
    batch(part, epoch, first) {
      const at = (i: number, k: number, what: string) =>
        augmentRandom(config.seed, job.fold, epoch, first + k, `${what}${i}`)
      const starts = new Map(
        part.map((i, k) => [i, config.randomCrop ? cropStart(items[i], maxFrames, at(i, k, 'crop')) : 0])
      )
      const b = fillBatch(meta, data, part, items, (i) => starts.get(i) ?? 0)
      part.forEach((i, k) => {
        if (config.noiseSnrDb) {
          const random = at(i, k, 'noise')
          if (noiseThisEpoch(random)) addNoiseRow(b, k, maxFrames, dims, norms[i], config.noiseSnrDb, random)
        }
        if (config.specAugment) specAugmentRow(b, k, maxFrames, dims, at(i, k, 'mask'))
      })
      return b
    }
  }
}
