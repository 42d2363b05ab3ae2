/**
 * The 60 ms pitch path of eGeMAPSv02 (gemapsv01b_frame60 → Gaussian window σ 0.4 → FFT magnitude): SHS
 * candidates (octave-spectrum.ts, pitch-shs.ts), Viterbi smoothing (pitch-viterbi.ts), and the energy gate
 * gemapsv01b_volmerge (cValbasedSelector, threshold 0.001 on the RMS of the windowed frame, cEnergy section
 * gemapsv01b_energy60) that zeroes F0 in quiet frames.
 */
import { createRealFft } from '../fft'
import { frameGeometry, gaussWindow, readFrame } from './framing'
import type { FrameGeometry } from './framing'
import { createOctaveSpectrum } from './octave-spectrum'
import { createCandidateTrack, createShsPitchDetector, emptyCandidates, storeCandidates } from './pitch-shs'
import { createPitchSmoother, SMOOTHER_LAG } from './pitch-viterbi'

const ENERGY_GATE = Math.fround(0.001)

export interface PitchTrack {
  geometry: FrameGeometry
  /** Pitch frames (whole 60 ms frames) */
  frames: number
  /** Gated smoothed F0 in Hz (0 = unvoiced) */
  f0: Float32Array
  /** The same in semitones above 27.5 Hz (F0finalLog: values ≤ 29.136 Hz map to 1), 0 = unvoiced */
  f0Semitone: Float32Array
  /** Bins of the 60 ms magnitude spectrum (fftSize/2 + 1) */
  bins: number
  /** Frames the Viterbi smoother had decided before the end of input (see pitch-viterbi.ts) */
  convergedBeforeEnd: number
}

/** cPitchSmootherViterbi's F0finalLog: 12·log2(f0/27.5), with f0 ≤ 29.136 Hz (1 semitone) clipped to 1. */
export function semitonesFrom27_5(f0: number): number {
  if (f0 > 29.136) return Math.fround((12 * Math.log(Math.fround(f0 / 27.5))) / Math.log(2))
  return f0 > 0 ? 1 : 0
}

interface PitchFrameSpectrum {
  readonly bins: number
  /** Windows pitch frame t of x and transforms it; returns its RMS (the volmerge gate's input) */
  compute(x: Float32Array, t: number): number
  /** |X[k]| of the last frame computed */
  readonly mag: Float64Array
}

/**
 * The Gaussian-windowed 60 ms spectrum. The harmonics analysis reads it once the frame's F0 is final: the pitch
 * pass keeps the spectra of the frames the Viterbi smoother has not decided yet (at most SMOOTHER_LAG, in a ring
 * of RING frames) and hands each to the sink when its F0 is known, instead of keeping every frame's spectrum
 * (4 KiB per 10 ms at 16 kHz: 1.5 GB per hour) or transforming the voiced frames a second time.
 */
function createPitchFrameSpectrum(g: FrameGeometry): PitchFrameSpectrum {
  const win = gaussWindow(g.size, 0.4)
  // only magnitudes are needed here: the windowed frame is read straight into the middle of the zero-padded FFT
  // input (spectrum.ts's symmetric padding) and |X| is the square root of the power spectrum, the same operations
  // as FrameSpectrum's re/im route, without its copies
  const fft = createRealFft(g.fftSize)
  const bins = g.fftSize / 2 + 1
  const padded = new Float64Array(g.fftSize)
  const frame = padded.subarray((g.fftSize - g.size) >> 1, ((g.fftSize - g.size) >> 1) + g.size)
  const mag = new Float64Array(bins)
  return {
    bins,
    mag,
    compute(x, t) {
      const start = t * g.step
      let e = 0
      if (start + g.size <= x.length) {
        // readFrame's windowed read with the energy summed in the same pass (the same additions in the same order)
        for (let i = 0; i < g.size; i++) {
          const v = x[start + i] * win[i]
          frame[i] = v
          e += v * v
        }
      } else {
        readFrame(x, start, g.size, win, frame)
        for (let i = 0; i < g.size; i++) e += frame[i] * frame[i]
      }
      fft.powerSpectrum(padded, mag)
      for (let k = 0; k < bins; k++) mag[k] = Math.sqrt(mag[k])
      return Math.sqrt(e / g.size)
    }
  }
}

export function pitchGeometry(sampleRate: number, nSamples: number): FrameGeometry {
  return frameGeometry(sampleRate, 0.06, 0.01, nSamples)
}

/**
 * Called once per pitch frame, in frame order, as soon as its gated F0 is final: `mag` is the frame's magnitude
 * spectrum (valid only when f0 > 0; the same array is reused, so read it during the call).
 */
export type PitchFrameSink = (t: number, f0: number, mag: Float64Array) => void

/** Spectra kept for the frames the Viterbi smoother has not decided yet (it leaves at most SMOOTHER_LAG) */
const RING = 2 * SMOOTHER_LAG

export function computePitchTrack(x: Float32Array, sampleRate: number, sink?: PitchFrameSink): PitchTrack {
  const g = pitchGeometry(sampleRate, x.length)
  const frames = g.count
  const spec = createPitchFrameSpectrum(g)
  const octave = createOctaveSpectrum(spec.bins, g.fftFrameSec)
  const shs = createShsPitchDetector(octave)
  const rms = new Float32Array(frames)
  const cands = createCandidateTrack(frames)
  const c = emptyCandidates()
  const oct = new Float64Array(octave.nPoints)
  const smoother = createPitchSmoother(cands)
  const smoothed = smoother.out
  const f0 = new Float32Array(frames)
  const f0Semitone = new Float32Array(frames)
  // the spectra of the frames still undecided, so a sink reads them without a second FFT
  const bins = spec.bins
  const ring = sink ? new Float64Array(RING * bins) : new Float64Array(0)
  const decidedMag = new Float64Array(bins)
  let done = 0
  const release = (decided: number): void => {
    for (; done < decided; done++) {
      const t = done
      if (rms[t] > ENERGY_GATE) {
        f0[t] = smoothed.f0[t]
        f0Semitone[t] = semitonesFrom27_5(smoothed.f0[t])
      }
      if (sink) {
        if (f0[t] > 0) for (let k = 0, at = (t % RING) * bins; k < bins; k++, at++) decidedMag[k] = ring[at]
        sink(t, f0[t], decidedMag)
      }
    }
  }
  for (let t = 0; t < frames; t++) {
    rms[t] = spec.compute(x, t)
    // only frames above the energy gate can be voiced, and only voiced frames' spectra are read
    if (sink && rms[t] > ENERGY_GATE) ring.set(spec.mag, (t % RING) * bins)
    octave.compute(spec.mag, oct)
    shs.detect(oct, c)
    storeCandidates(cands, t, c)
    const decided = smoother.push(t)
    if (t + 1 - decided >= RING) throw new Error(`pitch-path: the smoother left more than ${RING - 1} frames undecided`)
    release(decided)
  }
  release(smoother.finish())
  return { geometry: g, frames, f0, f0Semitone, bins, convergedBeforeEnd: smoothed.convergedBeforeEnd }
}
