/**
 * The 88 eGeMAPSv02 functionals, named and ordered as openSMILE's `func` level
 * (config/egemaps/v02/eGeMAPSv02.conf funcconcat: gemapsv01b_functionalsF0; gemapsv01b_functionalsLoudness;
 * egemapsv02_functionalsMeanStddevZ; egemapsv02_functionalsMeanStddevVoiced; egemapsv02_functionalsMeanUnvoiced;
 * gemapsv01b_temporalSet; egemapsv02_leq), with the sections' options from GeMAPSv01b_core.func.conf.inc and
 * eGeMAPSv02_core.func.conf.inc.
 *
 * Which frames each group summarises follows what openSMILE's functionals see when they run at the end of input:
 * - the 20 ms streams (loudness, flux, MFCC, energy) in full, smoothed with sma3;
 * - every stream that depends on F0 only up to the frames the Viterbi smoother had decided by then
 *   (PitchTrack.convergedBeforeEnd = C; the last frame or two, or up to 40 frames in long voiced runs), smoothed
 *   with sma3nz. The streams that pass through cPitchJitter (jitter, shimmer, and everything joined with them:
 *   HNR, H1−H2, H1−A3, formants) end at frame C − 1, padded; the F0 contour and the spectral V/UV sets already
 *   hold frame C when they are read (the Viterbi flush reaches them during the same end-of-input pass), so their
 *   frame C − 1 is smoothed with the real frame C;
 * - formants and the spectral V/UV sets voicing-gated by the unsmoothed F0 (cValbasedSelector, F0 > 1e-6).
 */
import type { EgemapsAnalysis } from '../analysis'
import { column, LLD_NAMES } from '../lld-table'
import { sma3, sma3nz } from '../smoothing'
import { peakStats } from './peaks'
import { segmentStats } from './segments'
import { meanAndStddevNorm, nonZero, percentiles20to80 } from './statistics'

/** The level period openSMILE uses for durations: the configured 10 ms step, at every sample rate */
const T = 0.01
const VOICED = Math.fround(0.000001)

const SLOPES = ['meanRisingSlope', 'stddevRisingSlope', 'meanFallingSlope', 'stddevFallingSlope']
const F0_LOUDNESS = [
  'amean',
  'stddevNorm',
  'percentile20.0',
  'percentile50.0',
  'percentile80.0',
  'pctlrange0-2',
  ...SLOPES
]
// the LLD table's own names: flux and MFCC 1–4 (columns 6–10), and jitter … F3 amplitude (columns 12–25)
const Z_SET = LLD_NAMES.slice(LLD_NAMES.indexOf('spectralFlux_sma3'), LLD_NAMES.indexOf('mfcc4_sma3') + 1)
const VOICED_SET = [
  ...LLD_NAMES.slice(LLD_NAMES.indexOf('jitterLocal_sma3nz')),
  'alphaRatioV_sma3nz',
  'hammarbergIndexV_sma3nz',
  'slopeV0-500_sma3nz',
  'slopeV500-1500_sma3nz',
  'spectralFluxV_sma3nz',
  'mfcc1V_sma3nz',
  'mfcc2V_sma3nz',
  'mfcc3V_sma3nz',
  'mfcc4V_sma3nz'
]
const UNVOICED_SET = [
  'alphaRatioUV_sma3nz',
  'hammarbergIndexUV_sma3nz',
  'slopeUV0-500_sma3nz',
  'slopeUV500-1500_sma3nz',
  'spectralFluxUV_sma3nz'
]

export const FUNCTIONAL_NAMES: readonly string[] = [
  ...F0_LOUDNESS.map((f) => `F0semitoneFrom27.5Hz_sma3nz_${f}`),
  ...F0_LOUDNESS.map((f) => `loudness_sma3_${f}`),
  ...Z_SET.flatMap((n) => [`${n}_amean`, `${n}_stddevNorm`]),
  ...VOICED_SET.flatMap((n) => [`${n}_amean`, `${n}_stddevNorm`]),
  ...UNVOICED_SET.map((n) => `${n}_amean`),
  'loudnessPeaksPerSec',
  'VoicedSegmentsPerSec',
  'MeanVoicedSegmentLengthSec',
  'StddevVoicedSegmentLengthSec',
  'MeanUnvoicedSegmentLength',
  'StddevUnvoicedSegmentLength',
  'equivalentSoundLevel_dBp'
]

/** gemapsv01b_functionalsF0 / …Loudness: moments, percentiles and Peaks2 slopes of one contour. */
function contourFunctionals(x: Float64Array): number[] {
  const [mean, sdn] = meanAndStddevNorm(x)
  const p = peakStats(x, x.length, T)
  return [
    mean,
    sdn,
    ...percentiles20to80(x),
    p.meanRisingSlope,
    p.stddevRisingSlope,
    p.meanFallingSlope,
    p.stddevFallingSlope
  ]
}

/** The first n values of sma3nz over the first n + 1 frames: a contour whose next frame exists when it is read. */
function smoothedWithNext(x: ArrayLike<number>, n: number, available: number): Float64Array {
  return sma3nz(x, Math.min(n + 1, available)).subarray(0, n)
}

/** Keeps x[i] where the gate holds, 0 elsewhere (cValbasedSelector with zeroVec = 1), over the first n frames. */
function gated(x: ArrayLike<number>, n: number, keep: (i: number) => boolean): Float64Array {
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) if (keep(i)) y[i] = x[i]
  return y
}

export function egemapsFunctionals(a: EgemapsAnalysis, voicedFrames?: number): Float64Array {
  const s = a.short
  const nS = s.frames
  // F0-dependent streams: the frames decided before the end of input
  const nV = voicedFrames ?? Math.min(a.pitch.convergedBeforeEnd, nS)
  const f0raw = a.pitch.f0Semitone
  const voiced = (i: number): boolean => Math.fround(f0raw[i]) > VOICED
  const unvoiced = (i: number): boolean => Math.fround(f0raw[i]) < VOICED
  const out: number[] = []

  const nP = a.pitch.frames
  const f0 = smoothedWithNext(f0raw, nV, nP)
  out.push(...contourFunctionals(nonZero(f0)))
  const loud = sma3(s.loudness)
  out.push(...contourFunctionals(loud))

  const mfcc = [0, 1, 2, 3].map((k) => column(s.mfcc, 4, k, nS))
  for (const c of [s.spectralFlux, ...mfcc]) out.push(...meanAndStddevNorm(sma3(c)))

  const nF = s.formantFreq.length / Math.max(1, nS)
  const voicedStreams: Float64Array[] = [a.jitterLocal, a.shimmerLocalDB, a.hnr, a.h1h2, a.h1a3].map((c) =>
    c.subarray(0, nV)
  )
  for (let f = 0; f < 3; f++) {
    voicedStreams.push(
      gated(column(s.formantFreq, nF, f, nS), nV, voiced),
      gated(column(s.formantBw, nF, f, nS), nV, voiced),
      column(a.formantAmp, 3, f, a.pitch.frames).subarray(0, nV)
    )
  }
  for (const c of voicedStreams) out.push(...meanAndStddevNorm(nonZero(sma3nz(c))))
  const spectral = [s.alphaRatio, s.hammarbergIndex, s.slope0to500, s.slope500to1500, s.spectralFlux]
  const nG = Math.min(nV + 1, nP)
  for (const c of [...spectral, ...mfcc])
    out.push(...meanAndStddevNorm(nonZero(smoothedWithNext(gated(c, nG, voiced), nV, nG))))
  for (const c of spectral) out.push(meanAndStddevNorm(nonZero(smoothedWithNext(gated(c, nG, unvoiced), nV, nG)))[0])

  // no 20 ms frame at all (input shorter than 20 ms): openSMILE emits nothing; 0 rather than 0/0
  out.push(loud.length > 0 ? peakStats(loud, loud.length, T).numPeaks / Math.fround(loud.length * Math.fround(T)) : 0)
  const seg = segmentStats(f0, nV, T, (v) => v !== 0)
  const pause = segmentStats(f0, nV, T, (v) => v === 0)
  out.push(seg.perSecond, seg.meanLengthSec, seg.stddevLengthSec, pause.meanLengthSec, pause.stddevLengthSec)

  let e = 0
  for (let i = 0; i < nS; i++) e += Math.fround(s.energy[i])
  const leq = nS > 0 ? Math.fround(e / nS) : 0
  out.push((10 / Math.LN10) * Math.log(Math.max(leq, 0.000000000001)))
  return Float64Array.from(out, (v) => Math.fround(v))
}
