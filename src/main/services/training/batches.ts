/**
 * Mini-batches as typed arrays: each utterance's (normalised) frames copied into a zero-filled [B, T, D] block —
 * cut to the first T frames or zero-padded, as docs/paper.md's fixed length asks — with its three targets. Pure.
 */
import type { DatasetMeta, DatasetUtterance } from './dataset-file'
import { mixSeed, mulberry32, shuffled } from './prng'

export interface Batch {
  size: number
  /** [size, frames, dims], row-major */
  x: Float32Array
  /** Real (unpadded) frames of each row */
  frames: Int32Array
  label: Int32Array
  activation: Int32Array
  valence: Int32Array
}

/**
 * rows: the utterance list the indices point into (default meta.utterances; the trainer passes utterances followed
 * by their speed-perturbed variants); start: the first frame taken of row i (randomCrop), default 0.
 */
export function fillBatch(
  meta: DatasetMeta,
  data: Float32Array,
  indices: readonly number[],
  rows: readonly DatasetUtterance[] = meta.utterances,
  start: (i: number) => number = () => 0
): Batch {
  const frames = meta.maxFrames
  const d = meta.dims
  const size = indices.length
  const x = new Float32Array(size * frames * d)
  const kept = new Int32Array(size)
  const label = new Int32Array(size)
  const activation = new Int32Array(size)
  const valence = new Int32Array(size)
  indices.forEach((i, b) => {
    const u = rows[i]
    const from = Math.min(start(i), Math.max(0, u.frames - frames))
    const keep = Math.min(u.frames - from, frames)
    x.set(data.subarray((u.offset + from) * d, (u.offset + from + keep) * d), b * frames * d)
    kept[b] = keep
    label[b] = u.label
    activation[b] = u.activation
    valence[b] = u.valence
  })
  return { size, x, frames: kept, label, activation, valence }
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

/**
 * A class-balanced epoch (balancedBatches): every class drawn as often as the largest one — each class's
 * utterances shuffled and repeated (reshuffled each pass) up to that count — then the whole order shuffled.
 * A function of (seed, fold, epoch) like epochOrder; `labelOf` gives an index's class.
 */
export function balancedOrder(
  train: readonly number[],
  labelOf: (i: number) => number,
  seed: number,
  fold: number,
  epoch: number
): number[] {
  const random = mulberry32(mixSeed(seed, fold, 'balanced', epoch))
  const byClass = new Map<number, number[]>()
  for (const i of train) byClass.set(labelOf(i), [...(byClass.get(labelOf(i)) ?? []), i])
  const most = Math.max(0, ...[...byClass.values()].map((l) => l.length))
  const out: number[] = []
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(label)!
    const drawn: number[] = []
    while (drawn.length < most) drawn.push(...shuffled(list, random))
    out.push(...drawn.slice(0, most))
  }
  return shuffled(out, random)
}
