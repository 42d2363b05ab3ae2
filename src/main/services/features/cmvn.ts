/**
 * Cepstral mean (and variance) normalisation; follows Kaldi transform/cmvn.cc AccCmvnStats / ApplyCmvn: statistics
 * are a count and per-dimension sums and sums of squares, so per-utterance normalisation is the stats of one
 * matrix and per-speaker normalisation the stats of all that speaker's matrices added together.
 */
import type { FeatureMatrix } from '../../../shared/domain/features'

export interface CmvnStats {
  count: number
  sum: Float64Array
  sumSq: Float64Array
}

/** Kaldi's floor under the variance (ApplyCmvn warns and floors at 1e-20), so constant columns do not blow up */
const VAR_FLOOR = 1e-20

export function emptyCmvnStats(dims: number): CmvnStats {
  return { count: 0, sum: new Float64Array(dims), sumSq: new Float64Array(dims) }
}

/** Adds a matrix's frames to `stats` (AccCmvnStats); returns `stats`. */
export function accumulateCmvn(stats: CmvnStats, m: FeatureMatrix): CmvnStats {
  if (m.dims !== stats.sum.length)
    throw new RangeError(`CMVN stats have ${stats.sum.length} dims, the matrix ${m.dims}`)
  for (let t = 0; t < m.frames; t++) {
    for (let c = 0; c < m.dims; c++) {
      const v = m.data[t * m.dims + c]
      stats.sum[c] += v
      stats.sumSq[c] += v * v
    }
  }
  stats.count += m.frames
  return stats
}

/** (x − mean), or with normVars (x − mean)/σ, per dimension (ApplyCmvn). A new matrix; the input is untouched. */
export function applyCmvn(m: FeatureMatrix, stats: CmvnStats, normVars: boolean): FeatureMatrix {
  if (stats.count <= 0) return { ...m, data: m.data.slice() }
  const d = m.dims
  const offset = new Float64Array(d)
  const scale = new Float64Array(d).fill(1)
  for (let c = 0; c < d; c++) {
    const mean = stats.sum[c] / stats.count
    if (normVars) {
      const variance = Math.max(stats.sumSq[c] / stats.count - mean * mean, VAR_FLOOR)
      scale[c] = 1 / Math.sqrt(variance)
    }
    offset[c] = -mean * scale[c]
  }
  const data = new Float32Array(m.data.length)
  for (let t = 0; t < m.frames; t++) {
    for (let c = 0; c < d; c++) data[t * d + c] = m.data[t * d + c] * scale[c] + offset[c]
  }
  return { ...m, data }
}

/** Per-utterance CMVN: each matrix normalised by its own statistics. */
export function cmvnPerUtterance(m: FeatureMatrix, normVars = false): FeatureMatrix {
  return applyCmvn(m, accumulateCmvn(emptyCmvnStats(m.dims), m), normVars)
}

/** Per-speaker CMVN: every matrix of a speaker normalised by the speaker's pooled statistics. */
export function cmvnPerSpeaker(matrices: FeatureMatrix[], normVars = false): FeatureMatrix[] {
  if (matrices.length === 0) return []
  const stats = emptyCmvnStats(matrices[0].dims)
  for (const m of matrices) accumulateCmvn(stats, m)
  return matrices.map((m) => applyCmvn(m, stats, normVars))
}
