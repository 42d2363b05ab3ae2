/**
 * Mini-batches as typed arrays: each utterance's (normalised) frames copied into a zero-filled [B, T, D] block —
 * cut to the first T frames or zero-padded, as docs/paper.md's fixed length asks — with its three targets. Pure.
 */
import type { DatasetMeta } from './dataset-file'
import { mixSeed, mulberry32, shuffled } from './prng'

export interface Batch {
  size: number
  /** [size, frames, dims], row-major */
  x: Float32Array
  label: Int32Array
  activation: Int32Array
  valence: Int32Array
}

export function fillBatch(meta: DatasetMeta, data: Float32Array, indices: readonly number[]): Batch {
  const frames = meta.maxFrames
  const d = meta.dims
  const size = indices.length
  const x = new Float32Array(size * frames * d)
  const label = new Int32Array(size)
  const activation = new Int32Array(size)
  const valence = new Int32Array(size)
  indices.forEach((i, b) => {
    const u = meta.utterances[i]
    const keep = Math.min(u.frames, frames)
    x.set(data.subarray(u.offset * d, (u.offset + keep) * d), b * frames * d)
    label[b] = u.label
    activation[b] = u.activation
    valence[b] = u.valence
  })
  return { size, x, label, activation, valence }
}

/** The training order of one epoch: a function of (seed, fold, epoch) only, so a resumed run repeats it. */
export function epochOrder(train: readonly number[], seed: number, fold: number, epoch: number): number[] {
  return shuffled(train, mulberry32(mixSeed(seed, fold, 'epoch', epoch)))
}

/** Consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
