/**
 * Delta and delta-delta features; follows Kaldi feat/feature-functions.cc DeltaFeatures (add-deltas): the order-i
 * window is the order-(i−1) window convolved with [−w … w]/Σj², so order 1 with window 2 is
 * (−2, −1, 0, 1, 2)/10; frames before the first or after the last repeat the edge frame.
 */
import type { FeatureMatrix } from '../../../shared/domain/features'

export interface DeltaOptions {
  /** 2: statics, deltas and delta-deltas (Kaldi's default) */
  order: number
  /** 2: each delta looks two frames either side (Kaldi's default) */
  window: number
}

export const DELTA_DEFAULTS: DeltaOptions = { order: 2, window: 2 }

/** Kaldi's scales_: one window per order, order 0 being [1]. */
export function deltaWindows(o: DeltaOptions): Float64Array[] {
  const scales: Float64Array[] = [Float64Array.of(1)]
  for (let i = 1; i <= o.order; i++) {
    const prev = scales[i - 1]
    const prevOffset = (prev.length - 1) / 2
    const curOffset = prevOffset + o.window
    const cur = new Float64Array(prev.length + 2 * o.window)
    let normalizer = 0
    for (let j = -o.window; j <= o.window; j++) {
      normalizer += j * j
      for (let k = -prevOffset; k <= prevOffset; k++) cur[j + k + curOffset] += j * prev[k + prevOffset]
    }
    for (let k = 0; k < cur.length; k++) cur[k] /= normalizer
    scales.push(cur)
  }
  return scales
}

/** [statics | Δ | ΔΔ …]: dims × (order + 1) columns, names suffixed _d1, _d2 … */
export function addDeltas(m: FeatureMatrix, options: Partial<DeltaOptions> = {}): FeatureMatrix {
  const o: DeltaOptions = { ...DELTA_DEFAULTS, ...options }
  if (!Number.isInteger(o.order) || o.order < 0 || !Number.isInteger(o.window) || o.window < 1) {
    throw new RangeError(`deltas need an integer order ≥ 0 and window ≥ 1, got ${o.order} and ${o.window}`)
  }
  const windows = deltaWindows(o)
  const d = m.dims
  const outDims = d * (o.order + 1)
  const data = new Float32Array(m.frames * outDims)
  for (let t = 0; t < m.frames; t++) {
    for (let i = 0; i <= o.order; i++) {
      const w = windows[i]
      const maxOffset = (w.length - 1) / 2
      const out = t * outDims + i * d
      for (let j = -maxOffset; j <= maxOffset; j++) {
        const scale = w[j + maxOffset]
        if (scale === 0) continue
        const src = Math.min(m.frames - 1, Math.max(0, t + j)) * d
        for (let c = 0; c < d; c++) data[out + c] += scale * m.data[src + c]
      }
    }
  }
  const names = [...m.names]
  for (let i = 1; i <= o.order; i++) names.push(...m.names.map((n) => `${n}_d${i}`))
  return { frames: m.frames, dims: outDims, data, frameShiftSec: m.frameShiftSec, names }
}
