/**
 * openSMILE's framing arithmetic (cFramer / cTransformFFT), its input scaling (cWaveSource), the polynomial root
 * finder behind the formant tracker, and the public API on inputs too short for a frame.
 */
import { describe, expect, it } from 'vitest'
import {
  computeEgemapsFunctionals,
  computeEgemapsLld,
  FUNCTIONAL_NAMES,
  LLD_NAMES,
  openSmileSamples
} from '../../../../../src/main/services/features/egemaps/index'
import { frameGeometry, gaussWindow, hammingWindow } from '../../../../../src/main/services/features/egemaps/framing'
import { polynomialRoots } from '../../../../../src/main/services/features/egemaps/polynomial-roots'

describe('frameGeometry', () => {
  it('rounds 10 ms to 221 samples at 22.05 kHz and keeps the configured frame length', () => {
    const g = frameGeometry(22050, 0.02, 0.01, 22050)
    expect([g.size, g.step, g.fftSize]).toEqual([441, 221, 512])
    expect(g.fftFrameSec).toBeCloseTo(0.02 * (512 / 441), 12)
    expect(g.count).toBe(Math.floor((22050 - 441) / 221) + 1)
  })

  it('zero-pads the 60 ms pitch frame at 16 kHz to 1024 and drops the incomplete tail', () => {
    const g = frameGeometry(16000, 0.06, 0.01, 16000)
    expect([g.size, g.step, g.fftSize, g.count]).toEqual([960, 160, 1024, 95])
    expect(g.fftFrameSec).toBeCloseTo(0.064, 12)
    expect(frameGeometry(16000, 0.06, 0.01, 959).count).toBe(0)
  })
})

describe('windows', () => {
  it('Hamming 0.54/0.46 over N−1 and a Gaussian that peaks in the middle', () => {
    const h = hammingWindow(5)
    expect(h[0]).toBeCloseTo(0.08, 12)
    expect(h[2]).toBeCloseTo(1, 12)
    const g = gaussWindow(5, 0.4)
    expect(g[2]).toBe(1)
    expect(g[0]).toBeCloseTo(Math.exp(-0.5 / 0.16), 12)
  })
})

describe('openSmileSamples (cWaveSource, monoMixdown = 1)', () => {
  it('averages the channels and scales PCM by 1/32767', () => {
    const pcm = openSmileSamples({
      sampleRate: 16000,
      channels: [Float32Array.of(16384 / 32768, -1), Float32Array.of(0, -1)],
      frames: 2,
      bitsPerSample: 16,
      encoding: 'pcm'
    })
    expect([...pcm]).toEqual([Math.fround(8192 / 32767), Math.fround(-32768 / 32767)])
  })

  it('passes float samples through', () => {
    const f = openSmileSamples({
      sampleRate: 16000,
      channels: [Float32Array.of(0.25, -0.5)],
      frames: 2,
      bitsPerSample: 32,
      encoding: 'float'
    })
    expect([...f]).toEqual([0.25, -0.5])
  })
})

describe('polynomialRoots', () => {
  it('finds the real and complex roots of (x − 1)(x − 2)(x² + 1)', () => {
    const r = polynomialRoots([2, -3, 3, -3, 1], 4)
    expect(r).not.toBeNull()
    const roots = Array.from({ length: 4 }, (_, i) => [r?.[2 * i] ?? NaN, r?.[2 * i + 1] ?? NaN])
    roots.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    const expected = [
      [0, -1],
      [0, 1],
      [1, 0],
      [2, 0]
    ]
    roots.forEach((z, i) => {
      expect(z[0]).toBeCloseTo(expected[i][0], 9)
      expect(z[1]).toBeCloseTo(expected[i][1], 9)
    })
  })
})

describe('public API on short inputs', () => {
  it('returns no LLD frames and all-zero functionals when no 60 ms frame fits', () => {
    for (const n of [0, 100, 959]) {
      const x = Float32Array.from({ length: n }, (_, i) => 0.1 * Math.sin(0.1 * i))
      const lld = computeEgemapsLld(x, 16000)
      expect(lld.names).toEqual(LLD_NAMES)
      expect(lld.frames).toBe(0)
      const f = computeEgemapsFunctionals(x, 16000)
      expect(f.names).toEqual([...FUNCTIONAL_NAMES])
      expect(f.values.every((v) => Number.isFinite(v))).toBe(true)
    }
  })

  it('gives frames × 25 values with frame times k · 10 ms', () => {
    const x = Float32Array.from({ length: 16000 }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 150 * i) / 16000))
    const lld = computeEgemapsLld(x, 16000)
    expect(lld.frames).toBe(95 + 1)
    expect(lld.data.length).toBe(lld.frames * 25)
    expect(lld.frameTimes[10]).toBeCloseTo(0.1, 12)
  })
})
