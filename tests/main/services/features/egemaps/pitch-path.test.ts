/**
 * The pitch pass hands each frame's final F0 and spectrum to a sink as soon as the Viterbi smoother decides it
 * (pitch-path.ts), which the harmonics analysis relies on: every frame once, in order, with the F0 of the track,
 * and the same magnitudes a fresh transform of that frame gives; the smoother's decisions are final.
 */
import { describe, expect, it } from 'vitest'
import { readWavFile } from '../../../../../src/main/services/audio/read-audio'
import { createRealFft } from '../../../../../src/main/services/features/fft'
import { gaussWindow, readFrame } from '../../../../../src/main/services/features/egemaps/framing'
import { openSmileSamples } from '../../../../../src/main/services/features/egemaps/index'
import { computePitchTrack } from '../../../../../src/main/services/features/egemaps/pitch-path'
import { createCandidateTrack, N_CANDIDATES } from '../../../../../src/main/services/features/egemaps/pitch-shs'
import { createPitchSmoother, SMOOTHER_LAG } from '../../../../../src/main/services/features/egemaps/pitch-viterbi'
import { audioPath } from '../reference-data'

const samples = openSmileSamples(readWavFile(audioPath('s01_enus_male_neutral_16k_pcm16')))

/** |X| of pitch frame t transformed on its own (the Gaussian window, zero-padded symmetrically) */
function freshMagnitudes(t: number, size: number, step: number, fftSize: number): Float64Array {
  const padded = new Float64Array(fftSize)
  const pad = (fftSize - size) >> 1
  readFrame(samples, t * step, size, gaussWindow(size, 0.4), padded.subarray(pad, pad + size))
  const power = new Float64Array(fftSize / 2 + 1)
  createRealFft(fftSize).powerSpectrum(padded, power)
  return power.map(Math.sqrt)
}

describe('computePitchTrack with a sink', () => {
  it('hands over every frame once, in order, with its final F0 and its own spectrum', () => {
    const seen: number[] = []
    const f0s: number[] = []
    const voicedMags = new Map<number, Float64Array>()
    const track = computePitchTrack(samples, 16000, (t, f0, mag) => {
      seen.push(t)
      f0s.push(f0)
      if (f0 > 0 && voicedMags.size < 40 && t % 7 === 0) voicedMags.set(t, mag.slice())
    })
    expect(seen).toEqual(Array.from({ length: track.frames }, (_, t) => t))
    expect(f0s).toEqual([...track.f0])
    expect(f0s.filter((f) => f > 0).length).toBeGreaterThan(track.frames / 4)
    expect(voicedMags.size).toBeGreaterThan(10)
    const g = track.geometry
    for (const [t, mag] of voicedMags) expect(mag).toEqual(freshMagnitudes(t, g.size, g.step, g.fftSize))
  })
})

describe('createPitchSmoother', () => {
  it('decides every frame within its lag, and a decided frame keeps its F0', () => {
    const frames = 300
    const track = createCandidateTrack(frames)
    let s = 3
    for (let i = 0; i < frames * N_CANDIDATES; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      track.f0[i] = i % N_CANDIDATES < 3 ? Math.fround(80 + (s % 200)) : 0
      track.voicing[i] = Math.fround((s >>> 8) / 2 ** 24)
    }
    const smoother = createPitchSmoother(track)
    const atDecision: number[] = []
    let decided = 0
    for (let t = 0; t < frames; t++) {
      const now = smoother.push(t)
      expect(t + 1 - now).toBeLessThanOrEqual(SMOOTHER_LAG)
      for (; decided < now; decided++) atDecision.push(smoother.out.f0[decided])
    }
    const end = smoother.finish()
    expect(end).toBe(frames)
    for (; decided < end; decided++) atDecision.push(smoother.out.f0[decided])
    expect([...smoother.out.f0]).toEqual(atDecision)
    expect(atDecision.filter((f) => f > 0).length).toBeGreaterThan(0)
    expect(smoother.out.convergedBeforeEnd).toBeLessThanOrEqual(frames)
  })
})
