/**
 * Subharmonic-summation pitch candidates: openSMILE's cPitchShs (src/lld/pitchShs.cpp) and the candidate
 * post-processing of its base class cPitchBase (src/lldcore/pitchBase.cpp), section gemapsv01b_shs: nHarmonics 15,
 * compressionFactor 0.85, nCandidates 6, minPitch 55, maxPitch 1000, voicingCutoff 0.7, greedyPeakAlgo 1,
 * octaveCorrection 0.
 *
 * The octave spectrum (octave-spectrum.ts) is shifted down by log2(h) octaves for h = 2 … 15 and added with weights
 * 0.85^(h−1); peaks of the sum are candidates, refined by a parabola through three points, with the voicing
 * probability 1 − mean/score. Out-of-range candidates are removed, and the highest-scoring one is moved first.
 * Values are rounded to float32 where openSMILE stores them, because the Viterbi smoother compares them.
 */
import type { OctaveSpectrum } from './octave-spectrum'
import type { Vertex } from './peak-interpolation'
import { quadVertex } from './peak-interpolation'

const f32 = Math.fround
export const N_CANDIDATES = 6
const N_HARMONICS = 15
const COMPRESSION = f32(0.85)
const MIN_PITCH = 55
const MAX_PITCH = 1000
export const VOICING_CUTOFF = f32(0.7)

export interface PitchCandidates {
  /** Candidate frequencies in Hz (0 = empty slot), best first */
  f0: Float32Array
  voicing: Float32Array
  score: Float32Array
  /** Best candidate if its voicing exceeds the cutoff, else 0 (cPitchBase F0raw) */
  f0raw: number
  /** Its voicing if above the cutoff, else 0 (cPitchBase voicingClip) */
  voicingClip: number
}

/** Every frame's candidates, flat (frames × N_CANDIDATES), as the Viterbi smoother reads them */
export interface CandidateTrack {
  frames: number
  f0: Float32Array
  voicing: Float32Array
  f0raw: Float32Array
  voicingClip: Float32Array
}

export function createCandidateTrack(frames: number): CandidateTrack {
  return {
    frames,
    f0: new Float32Array(frames * N_CANDIDATES),
    voicing: new Float32Array(frames * N_CANDIDATES),
    f0raw: new Float32Array(frames),
    voicingClip: new Float32Array(frames)
  }
}

/** Stores one frame's candidates (all Float32 values already, so the copy is exact) */
export function storeCandidates(track: CandidateTrack, t: number, c: PitchCandidates): void {
  track.f0.set(c.f0, t * N_CANDIDATES)
  track.voicing.set(c.voicing, t * N_CANDIDATES)
  track.f0raw[t] = c.f0raw
  track.voicingClip[t] = c.voicingClip
}

export interface ShsPitchDetector {
  /** Candidates of one frame from its octave-scale spectrum */
  detect(octave: Float64Array, out: PitchCandidates): void
}

export function emptyCandidates(): PitchCandidates {
  return {
    f0: new Float32Array(N_CANDIDATES),
    voicing: new Float32Array(N_CANDIDATES),
    score: new Float32Array(N_CANDIDATES),
    f0raw: 0,
    voicingClip: 0
  }
}

export function createShsPitchDetector(scale: OctaveSpectrum): ShsPitchDetector {
  const N = scale.nPoints
  const fmint = scale.fMinLog
  const fstept = f32(f32(scale.fMaxLog - scale.fMinLog) / f32(N - 1))
  // cPitchShs checks that the input is an octave scale and then uses base 2 exactly
  const base = 2
  const shifts = new Int32Array(N_HARMONICS + 1)
  for (let h = 2; h <= N_HARMONICS; h++) shifts[h] = Math.floor(scale.pointsPerOctave * (Math.log(h) / Math.log(2)))
  const SS = new Float32Array(N)
  const vertex: Vertex = { x: 0, y: 0, a: 0 }
  const weights = new Float64Array(N_HARMONICS + 1)
  for (let h = 2, w = COMPRESSION; h <= N_HARMONICS; h++, w = f32(w * COMPRESSION)) weights[h] = w
  // points below fullEnd have all their harmonics inside the spectrum (the shifts grow with h)
  const fullEnd = Math.max(0, N - shifts[N_HARMONICS])
  return {
    detect(x, out) {
      const { f0, voicing, score } = out
      f0.fill(0)
      voicing.fill(0)
      score.fill(0)
      // SS[j] = Σ_h x[j + shift_h]·w_h, added in openSMILE's order h = 2 … 15 and rounded to float32 after each
      // addition as its float array does; summed per output point so the partial sum stays in a register. Each
      // sum is a chain of dependent roundings, so where every harmonic is inside the spectrum four points are
      // summed side by side (four chains in flight); each point's own additions and their order are unchanged
      let j = 0
      for (; j + 3 < fullEnd; j += 4) {
        let a0 = x[j]
        let a1 = x[j + 1]
        let a2 = x[j + 2]
        let a3 = x[j + 3]
        for (let h = 2; h <= N_HARMONICS; h++) {
          const k = j + shifts[h]
          const w = weights[h]
          a0 = f32(a0 + x[k] * w)
          a1 = f32(a1 + x[k + 1] * w)
          a2 = f32(a2 + x[k + 2] * w)
          a3 = f32(a3 + x[k + 3] * w)
        }
        a0 = f32(a0 / N_HARMONICS)
        a1 = f32(a1 / N_HARMONICS)
        a2 = f32(a2 / N_HARMONICS)
        a3 = f32(a3 / N_HARMONICS)
        SS[j] = a0 < 0 ? 0 : a0
        SS[j + 1] = a1 < 0 ? 0 : a1
        SS[j + 2] = a2 < 0 ? 0 : a2
        SS[j + 3] = a3 < 0 ? 0 : a3
      }
      for (; j < N; j++) {
        let acc = x[j]
        for (let h = 2; h <= N_HARMONICS; h++) {
          const k = j + shifts[h]
          if (k >= N) break
          acc = f32(acc + x[k] * weights[h])
        }
        acc = f32(acc / N_HARMONICS)
        SS[j] = acc < 0 ? 0 : acc
      }
      // greedy peak picking: every local maximum, kept in descending score order
      let nCand = 0
      let ssMean = SS[0]
      for (let i = 1; i < N - 1; i++) {
        if (SS[i - 1] < SS[i] && SS[i] > SS[i + 1]) {
          for (let j = 0; j < N_CANDIDATES; j++) {
            if (score[j] === 0 || score[j] < SS[i]) {
              for (let jj = N_CANDIDATES - 1; jj > j; jj--) {
                score[jj] = score[jj - 1]
                f0[jj] = f0[jj - 1]
              }
              f0[j] = i
              score[j] = SS[i]
              if (nCand < N_CANDIDATES) nCand++
              break
            }
          }
        }
        ssMean += SS[i]
      }
      ssMean = (ssMean + SS[N - 1]) / N
      for (let i = 0; i < nCand; i++) {
        const j = f0[i]
        const fc = f32(f32(j * fstept) + fmint)
        const fr = f32(f32((j + 1) * fstept) + fmint)
        const fl = f32(f32((j - 1) * fstept) + fmint)
        const q = quadVertex(fl, SS[j - 1], fc, SS[j], fr, SS[j + 1], vertex)
        f0[i] = Math.exp(q.x * Math.log(base))
        score[i] = q.y
        voicing[i] = q.y > 0 && q.y > ssMean ? 1 - ssMean / q.y : 0
      }
      // cPitchBase: drop candidates outside [minPitch, maxPitch] (empty slots shift too, without counting)
      if (nCand > 0) {
        for (let i = 0; i < N_CANDIDATES && nCand > 0; i++) {
          if (f0[i] > MAX_PITCH || f0[i] < MIN_PITCH) {
            const orig = f0[i]
            let j = i + 1
            for (; j < N_CANDIDATES; j++) {
              f0[j - 1] = f0[j]
              voicing[j - 1] = voicing[j]
              score[j - 1] = score[j]
            }
            f0[j - 1] = 0
            voicing[j - 1] = 0
            score[j - 1] = 0
            if (orig > 0) {
              nCand--
              i--
            }
          }
        }
      }
      // the highest score first
      let maxI = 0
      for (let i = 1; i < N_CANDIDATES; i++) if (score[i] > score[maxI]) maxI = i
      if (maxI > 0) {
        let t = f0[0]
        f0[0] = f0[maxI]
        f0[maxI] = t
        t = voicing[0]
        voicing[0] = voicing[maxI]
        voicing[maxI] = t
        t = score[0]
        score[0] = score[maxI]
        score[maxI] = t
      }
      out.f0raw = voicing[0] <= VOICING_CUTOFF ? 0 : f0[0]
      out.voicingClip = voicing[0] <= VOICING_CUTOFF ? 0 : voicing[0]
    }
  }
}
