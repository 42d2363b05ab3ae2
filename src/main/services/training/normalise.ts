/**
 * Per-dimension z-normalisation with statistics of the training utterances only (docs/paper.md), over their real frames
 * (zero padding excluded). Padding stays 0 after normalising, i.e. the training mean, so it carries no signal.
 * A missing (NaN) or infinite feature value — an imported feature set may hold one — is left out of the statistics
 * and becomes 0 after normalising, the mean it was normalised with (imputation, as the baseline does), so it can
 * never turn the loss or the metrics into NaN.
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
  const count = new Float64Array(d)
  for (const i of indices) {
    const u = meta.utterances[i]
    for (let t = 0; t < u.frames; t++) {
      const row = (u.offset + t) * d
      for (let j = 0; j < d; j++) {
        const v = data[row + j]
        if (!Number.isFinite(v)) continue
        sum[j] += v
        sq[j] += v * v
        count[j]++
      }
    }
  }
  const mean: number[] = []
  const std: number[] = []
  for (let j = 0; j < d; j++) {
    const n = count[j]
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
    for (let j = 0; j < dims; j++) {
      const v = (data[i + j] - norm.mean[j]) * inv[j]
      out[i + j] = Number.isFinite(v) ? v : 0
    }
  }
  return out
}

/**
 * Which statistics normalise each utterance (utterance index → group key). 'speaker': every utterance by its own
 * speaker's statistics over all of that speaker's frames — training, dev and test speakers alike, which needs no
 * label (a test speaker's statistics come from the test speaker's own audio only). A speed-perturbed copy is its
 * own "speaker" (Kaldi's sp0.9-spk convention), since its spectrum differs. An utterance with no speaker falls
 * back to its session, and one with neither to the fold's training statistics (key null).
 */
export function speakerKey(u: { speaker: string | null; session: string | null; speed?: number }): string | null {
  const who = u.speaker !== null ? `speaker ${u.speaker}` : u.session !== null ? `session ${u.session}` : null
  return who === null ? null : u.speed !== undefined && u.speed !== 1 ? `${who} sp${u.speed}` : who
}

/** One Norm per utterance: the fold's for 'fold' (and for utterances without a speaker), else its speaker's own. */
export function utteranceNorms(
  meta: Pick<DatasetMeta, 'dims' | 'utterances'>,
  data: Float32Array,
  foldNorm: Norm,
  mode: 'fold' | 'speaker'
): Norm[] {
  const all = meta.utterances
  if (mode === 'fold') return all.map(() => foldNorm)
  const groups = new Map<string, number[]>()
  all.forEach((u, i) => {
    const key = speakerKey(u)
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), i])
  })
  const byKey = new Map<string, Norm>()
  for (const [key, members] of groups) byKey.set(key, normStats(meta as DatasetMeta, data, members))
  return all.map((u) => {
    const key = speakerKey(u)
    return key === null ? foldNorm : byKey.get(key)!
  })
}

/** A copy of the data with each utterance's frames normalised by its own Norm (frames outside any utterance: 0). */
export function normalisedByUtterance(
  meta: Pick<DatasetMeta, 'dims' | 'utterances'>,
  data: Float32Array,
  norms: Norm[]
): Float32Array {
  const d = meta.dims
  const out = new Float32Array(data.length)
  meta.utterances.forEach((u, i) => {
    const { mean, std } = norms[i]
    const inv = std.map((s) => 1 / s)
    const end = (u.offset + u.frames) * d
    for (let k = u.offset * d; k < end; k += d) {
      for (let j = 0; j < d; j++) {
        const v = (data[k + j] - mean[j]) * inv[j]
        out[k + j] = Number.isFinite(v) ? v : 0
      }
    }
  })
  return out
}
