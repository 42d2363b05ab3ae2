/**
 * The dataset a run trains on, as the parent hands it to its trainer children: `dataset.bin` holds every
 * utterance's feature frames (float32, row-major, already cut to the run's maximum length, not normalised) back to
 * back; `dataset.json` says where each utterance starts and what its targets are. Files, not messages, because a
 * whole IEMOCAP is a quarter of a gigabyte and several children read it; and the child never opens SQLite.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { CategoryCode } from '../../../shared/domain/categories'
import { SerError } from '../../../shared/errors'

export interface DatasetUtterance {
  id: string
  session: string | null
  speaker: string | null
  /** First frame in dataset.bin */
  offset: number
  /** Frames kept (≤ maxFrames); the rest of the input is zero padding */
  frames: number
  /** Class index into `classes` */
  label: number
  /** Bins 0–2 (low/mid/high), -1 where the rating is missing */
  activation: number
  valence: number
  /** A speed-perturbed copy (meta.variants only): its factor, and the index of the utterance it was made from */
  speed?: number
  source?: number
}

export interface DatasetMeta {
  version: 1
  features: string
  dims: number
  names: string[]
  frameShiftSec: number
  /** The model's input length: maxSeconds / frameShiftSec */
  maxFrames: number
  /** Frames stored per utterance when longer than maxFrames (randomCrop keeps more to crop from); default maxFrames */
  storedFrames?: number
  classes: CategoryCode[]
  binThresholds: [number, number]
  utterances: DatasetUtterance[]
  /** Speed-perturbed copies of the utterances (speedFactors ≠ 1), for the training fold only; indices after utterances */
  variants?: DatasetUtterance[]
  /** sha256 of the targets and frames layout (CorpusSnapshot.hash) */
  hash: string
}

export interface Dataset {
  meta: DatasetMeta
  /** Every utterance's frames, back to back: offset·dims … (offset + frames)·dims */
  data: Float32Array
}

export function datasetPaths(base: string): { json: string; bin: string } {
  return { json: `${base}.json`, bin: `${base}.bin` }
}

/** The dataset of a run's k-th extra view (RunConfig.extraFeatures[k]), beside the main one at `base` */
export const viewDatasetBase = (base: string, k: number): string => `${base}-view${k + 1}`

/** Writes both files through temporary names, the JSON last: a dataset.json present means the pair is whole. */
export function writeDataset(base: string, meta: DatasetMeta, data: Float32Array): void {
  const { json, bin } = datasetPaths(base)
  writeFileSync(`${bin}.tmp`, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
  renameSync(`${bin}.tmp`, bin)
  writeFileSync(`${json}.tmp`, JSON.stringify(meta))
  renameSync(`${json}.tmp`, json)
}

export function datasetExists(base: string): boolean {
  const { json, bin } = datasetPaths(base)
  return existsSync(json) && existsSync(bin)
}

/** Reads and checks a dataset; a malformed one is a FILE_FORMAT error naming the file and the field. */
export function readDataset(base: string): Dataset {
  const { json, bin } = datasetPaths(base)
  let meta: DatasetMeta
  try {
    meta = JSON.parse(readFileSync(json, 'utf8')) as DatasetMeta
  } catch (e) {
    throw new SerError('FILE_UNREADABLE', `${json}: cannot read the dataset (${(e as Error).message})`, { file: json })
  }
  const bytes = readFileSync(bin)
  // a copy when the buffer is not 4-byte aligned (small reads share Node's pool)
  const data =
    bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
      : new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  checkDataset({ meta, data }, json)
  return { meta, data }
}

export function checkDataset(d: Dataset, file: string): void {
  const { meta, data } = d
  const bad = (field: string, why: string) => {
    throw new SerError('FILE_FORMAT', `${file}: ${field}: ${why}`, { file, field })
  }
  if (meta.version !== 1) bad('version', `unknown version ${String(meta.version)}`)
  if (!Number.isInteger(meta.dims) || meta.dims < 1) bad('dims', `expected a positive integer, got ${meta.dims}`)
  if (meta.names.length !== meta.dims) bad('names', `${meta.names.length} names for ${meta.dims} dims`)
  if (!Number.isInteger(meta.maxFrames) || meta.maxFrames < 1)
    bad('maxFrames', `expected a positive integer, got ${meta.maxFrames}`)
  if (data.length % meta.dims !== 0)
    bad('dims', `${data.length} values are not a whole number of ${meta.dims}-dim frames`)
  const total = data.length / meta.dims
  const stored = meta.storedFrames ?? meta.maxFrames
  const n = meta.utterances.length
  for (const u of [...meta.utterances, ...(meta.variants ?? [])]) {
    if (u.offset < 0 || u.frames < 1 || u.offset + u.frames > total)
      bad('utterances', `${u.id}: frames ${u.offset}+${u.frames} outside the ${total} stored`)
    if (u.frames > stored) bad('utterances', `${u.id}: ${u.frames} frames exceed the ${stored} stored per utterance`)
    if (u.source !== undefined && !(Number.isInteger(u.source) && u.source >= 0 && u.source < n))
      bad('variants', `${u.id}: source ${u.source} outside 0…${n - 1}`)
    if (!Number.isInteger(u.label) || u.label < 0 || u.label >= meta.classes.length) {
      bad('label', `${u.id}: class index ${u.label} outside 0…${meta.classes.length - 1}`)
    }
    for (const k of ['activation', 'valence'] as const) {
      if (!Number.isInteger(u[k]) || u[k] < -1 || u[k] > 2) bad(k, `${u.id}: bin ${u[k]} outside -1…2`)
    }
  }
}
