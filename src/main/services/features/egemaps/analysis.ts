/**
 * One pass over a signal that produces every per-frame stream eGeMAPSv02 needs, unsmoothed: the 20 ms path
 * (short-frame-path.ts), the 60 ms pitch path (pitch-path.ts), jitter/shimmer (jitter-shimmer.ts) and the
 * harmonic descriptors (harmonics.ts), which combine the pitch frame's F0 and spectrum with the formants of the
 * 20 ms frame of the same index, as openSMILE's cHarmonics reader concatenates those levels frame by frame.
 * The LLD table (lld-table.ts) and the functionals (functionals/) are both views of this analysis.
 */
import type { HarmonicFeatures } from './harmonics'
import { createHarmonicsAnalyzer } from './harmonics'
import { computeJitterShimmer } from './jitter-shimmer'
import type { PitchTrack } from './pitch-path'
import { computePitchTrack, createPitchFrameSpectrum } from './pitch-path'
import type { ShortFrameDescriptors } from './short-frame-path'
import { computeShortFrameDescriptors } from './short-frame-path'

export interface EgemapsAnalysis {
  sampleRate: number
  /** Samples between frame starts (160 at 16 kHz, 221 at 22.05 kHz) */
  step: number
  short: ShortFrameDescriptors
  pitch: PitchTrack
  /** Per pitch frame: jitter (local), shimmer (local, dB), HNR (dB), H1−H2 and H1−A3 (dB) */
  jitterLocal: Float64Array
  shimmerLocalDB: Float64Array
  hnr: Float64Array
  h1h2: Float64Array
  h1a3: Float64Array
  /** Per pitch frame × 3: F1–F3 amplitude relative to F0 (dB), −201 when unvoiced */
  formantAmp: Float64Array
}

export function analyzeEgemaps(samples: Float32Array, sampleRate: number): EgemapsAnalysis {
  const short = computeShortFrameDescriptors(samples, sampleRate)
  const pitch = computePitchTrack(samples, sampleRate)
  const n = pitch.frames
  const g = pitch.geometry
  const js = computeJitterShimmer(samples, sampleRate, pitch.f0, g.size, g.step)
  const analyzer = createHarmonicsAnalyzer(pitch.bins, g.fftFrameSec)
  const hnr = new Float64Array(n)
  const h1h2 = new Float64Array(n)
  const h1a3 = new Float64Array(n)
  const formantAmp = new Float64Array(n * 3)
  const spectrum = createPitchFrameSpectrum(g)
  const h: HarmonicFeatures = { hnr: 0, h1h2: 0, h1a3: 0, formantAmp: [0, 0, 0] }
  const nF = short.formantFreq.length / Math.max(1, short.frames)
  for (let t = 0; t < n; t++) {
    // only voiced frames read the spectrum (harmonics.ts); unvoiced ones skip the FFT
    if (pitch.f0[t] > 0) spectrum.compute(samples, t)
    const ff = t < short.frames ? short.formantFreq.subarray(t * nF, t * nF + nF) : new Float64Array(nF)
    analyzer.analyze(spectrum.mag, pitch.f0[t], ff, h)
    hnr[t] = h.hnr
    h1h2[t] = h.h1h2
    h1a3[t] = h.h1a3
    formantAmp[t * 3] = h.formantAmp[0]
    formantAmp[t * 3 + 1] = h.formantAmp[1]
    formantAmp[t * 3 + 2] = h.formantAmp[2]
  }
  return {
    sampleRate,
    step: g.step,
    short,
    pitch,
    jitterLocal: js.jitterLocal,
    shimmerLocalDB: js.shimmerLocalDB,
    hnr,
    h1h2,
    h1a3,
    formantAmp
  }
}
