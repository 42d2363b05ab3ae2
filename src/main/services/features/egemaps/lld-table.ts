/**
 * The eGeMAPSv02 LLD table as openSMILE writes it with -lldcsvoutput (the `lld` level of
 * config/egemaps/v02/eGeMAPSv02.conf: cVectorConcat of egemapsv02_lldsetE_smo and egemapsv02_lldsetF_smo).
 *
 * Columns 1–10 are the 20 ms descriptors smoothed with sma3 over the whole 20 ms contour; columns 11–25 the pitch-
 * frame descriptors smoothed with sma3nz (zeros excluded). The formant columns are *not* voicing-gated here (the
 * config comment: "in LLD csv we output all of them"); only the functionals gate them. Rows are the pitch frames
 * (the shorter stream), at frameTime = k·step/fs. The pitch-frame columns carry openSMILE's two-pass smoothing seam
 * (smoothing.ts smoothPitchContour).
 */
import type { EgemapsAnalysis } from './analysis'
import { sma3, smoothPitchContour } from './smoothing'

export const LLD_NAMES = [
  'Loudness_sma3',
  'alphaRatio_sma3',
  'hammarbergIndex_sma3',
  'slope0-500_sma3',
  'slope500-1500_sma3',
  'spectralFlux_sma3',
  'mfcc1_sma3',
  'mfcc2_sma3',
  'mfcc3_sma3',
  'mfcc4_sma3',
  'F0semitoneFrom27.5Hz_sma3nz',
  'jitterLocal_sma3nz',
  'shimmerLocaldB_sma3nz',
  'HNRdBACF_sma3nz',
  'logRelF0-H1-H2_sma3nz',
  'logRelF0-H1-A3_sma3nz',
  'F1frequency_sma3nz',
  'F1bandwidth_sma3nz',
  'F1amplitudeLogRelF0_sma3nz',
  'F2frequency_sma3nz',
  'F2bandwidth_sma3nz',
  'F2amplitudeLogRelF0_sma3nz',
  'F3frequency_sma3nz',
  'F3bandwidth_sma3nz',
  'F3amplitudeLogRelF0_sma3nz'
]

export interface EgemapsLld {
  names: string[]
  frameTimes: Float64Array
  frames: number
  /** Row-major frames × 25 */
  data: Float32Array
}

/** Every `stride`-th value starting at `offset` (one column of a row-major matrix). */
export function column(m: Float64Array, stride: number, offset: number, n: number): Float64Array {
  const c = new Float64Array(n)
  for (let i = 0; i < n; i++) c[i] = m[i * stride + offset]
  return c
}

export function lldTable(a: EgemapsAnalysis): EgemapsLld {
  const s = a.short
  // one row per pitch frame plus the copy the smoother appends (smoothing.ts), while the 20 ms frames last
  const n = Math.min(a.pitch.frames + (a.pitch.frames > 0 ? 1 : 0), s.frames)
  const nF = s.formantFreq.length / Math.max(1, s.frames)
  const eCols = [
    s.loudness,
    s.alphaRatio,
    s.hammarbergIndex,
    s.slope0to500,
    s.slope500to1500,
    s.spectralFlux,
    column(s.mfcc, 4, 0, s.frames),
    column(s.mfcc, 4, 1, s.frames),
    column(s.mfcc, 4, 2, s.frames),
    column(s.mfcc, 4, 3, s.frames)
  ].map((c) => sma3(c))
  const np = a.pitch.frames
  const fCols: Float64Array[] = [
    Float64Array.from(a.pitch.f0Semitone),
    a.jitterLocal,
    a.shimmerLocalDB,
    a.hnr,
    a.h1h2,
    a.h1a3
  ]
  for (let f = 0; f < 3; f++) {
    const freq = new Float64Array(np)
    const bw = new Float64Array(np)
    for (let t = 0; t < Math.min(np, s.frames); t++) {
      freq[t] = s.formantFreq[t * nF + f]
      bw[t] = s.formantBw[t * nF + f]
    }
    fCols.push(freq, bw, column(a.formantAmp, 3, f, np))
  }
  const conv = a.pitch.convergedBeforeEnd
  const cols = [...eCols, ...fCols.map((c) => smoothPitchContour(c, np, conv, true))]
  const data = new Float32Array(n * LLD_NAMES.length)
  const frameTimes = new Float64Array(n)
  for (let t = 0; t < n; t++) {
    frameTimes[t] = (t * a.step) / a.sampleRate
    for (let j = 0; j < cols.length; j++) data[t * LLD_NAMES.length + j] = cols[j][t]
  }
  return { names: [...LLD_NAMES], frameTimes, frames: n, data }
}
