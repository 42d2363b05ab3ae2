/**
 * Per-dimension z-normalisation with statistics of the training utterances only (docs/paper.md), over their real frames
 * (zero padding excluded). Padding stays 0 after normalising, i.e. the training mean, so it carries no signal.
 */
import type { DatasetMeta } from './dataset-file'

export interface Norm {
  mean: number[]
  std: number[]
}

/** A dimension with (almost) no spread is left unscaled rather than blown up. */
const MIN_STD = 1e-6

export function normStats(meta: DatasetMeta, data: Float32Array, indices: readonly number[]): Norm {
  const d = meta.dims
  const sum = new Float64Array(d)
  const sq = new Float64Array(d)
  let n = 0
  for (const i of indices) {
    const u = meta.utterances[i]
    for (let t = 0; t < u.frames; t++) {
      const row = (u.offset + t) * d
      for (let j = 0; j < d; j++) {
        const v = data[row + j]
        sum[j] += v
        sq[j] += v * v
      }
    }
    n += u.frames
  }
  const mean: number[] = []
  const std: number[] = []
  for (let j = 0; j < d; j++) {
    const m = n > 0 ? sum[j] / n : 0
    const s = n > 1 ? Math.sqrt(Math.max(0, sq[j] / n - m * m)) : 1
    mean.push(m)
    std.push(s < MIN_STD ? 1 : s)
  }
  return { mean, std }
}

/** A normalised copy of the whole data array (the parent's file stays as it is). */
export function normalised(data: Float32Array, dims: number, norm: Norm): Float32Array {
  const out = new Float32Array(data.length)
  const inv = norm.std.map((s) => 1 / s)
  for (let i = 0; i < data.length; i += dims) {
    for (let j = 0; j < dims; j++) out[i + j] = (data[i + j] - norm.mean[j]) * inv[j]
  }
  return out
}
