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
import { computePitchTrack, pitchGeometry } from './pitch-path'
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
  const g = pitchGeometry(sampleRate, samples.length)
  const n = g.count
  const analyzer = createHarmonicsAnalyzer(g.fftSize / 2 + 1, g.fftFrameSec)
  const hnr = new Float64Array(n)
  const h1h2 = new Float64Array(n)
  const h1a3 = new Float64Array(n)
  const formantAmp = new Float64Array(n * 3)
  const h: HarmonicFeatures = { hnr: 0, h1h2: 0, h1a3: 0, formantAmp: [0, 0, 0] }
  const nF = short.formantFreq.length / Math.max(1, short.frames)
  // frame t's formant slots (0 past the end of the 20 ms frames)
  const ff = new Float64Array(nF)
  // the harmonics of each pitch frame as soon as its F0 is final, from the spectrum the pitch pass computed
  const pitch = computePitchTrack(samples, sampleRate, (t, f0, mag) => {
    for (let i = 0; i < nF; i++) ff[i] = t < short.frames ? short.formantFreq[t * nF + i] : 0
    analyzer.analyze(mag, f0, ff, h)
    hnr[t] = h.hnr
    h1h2[t] = h.h1h2
    h1a3[t] = h.h1a3
    formantAmp[t * 3] = h.formantAmp[0]
    formantAmp[t * 3 + 1] = h.formantAmp[1]
    formantAmp[t * 3 + 2] = h.formantAmp[2]
  })
  const js = computeJitterShimmer(samples, sampleRate, pitch.f0, g.size, g.step)
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
