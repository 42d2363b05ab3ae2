import { describe, expect, it } from 'vitest'
import { resample, resampledLength } from '../../../../src/main/services/audio/resample'

function sine(freq: number, rate: number, seconds: number, phase = 0.3): Float32Array {
  const n = Math.round(rate * seconds)
  return Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * freq * i) / rate + phase))
}

/** Amplitude of the component at `freq`, by least squares against sin and cos, away from the edges. */
function amplitudeAt(x: Float32Array, freq: number, rate: number): number {
  const skip = Math.round(rate * 0.05)
  let ss = 0
  let cc = 0
  let sc = 0
  let xs = 0
  let xc = 0
  for (let i = skip; i < x.length - skip; i++) {
    const s = Math.sin((2 * Math.PI * freq * i) / rate)
    const c = Math.cos((2 * Math.PI * freq * i) / rate)
    ss += s * s
    cc += c * c
    sc += s * c
    xs += x[i] * s
    xc += x[i] * c
  }
  const det = ss * cc - sc * sc
  const a = (xs * cc - xc * sc) / det
  const b = (xc * ss - xs * sc) / det
  return Math.hypot(a, b)
}

function rmsDb(x: Float32Array, rate: number): number {
  const skip = Math.round(rate * 0.05)
  let e = 0
  for (let i = skip; i < x.length - skip; i++) e += x[i] * x[i]
  return 10 * Math.log10(e / (x.length - 2 * skip) / 0.5) // relative to a unit sine's power
}

describe('band-limited resampler', () => {
  it.each([
    [44100, 16000],
    [48000, 16000],
    [22050, 16000],
    [8000, 16000]
  ])('%i → %i Hz: passband flat within 0.01 dB up to 0.45 × the lower rate', (from, to) => {
    const edge = 0.45 * Math.min(from, to)
    for (const f of [100, 1000, edge * 0.5, edge]) {
      const y = resample(sine(f, from, 0.5), from, to)
      const gainDb = 20 * Math.log10(amplitudeAt(y, f, to))
      expect(Math.abs(gainDb)).toBeLessThan(0.01)
    }
  })

  it.each([
    [44100, 16000, [8000, 9000, 12000, 20000]],
    [48000, 16000, [8000, 10000, 15000, 23000]],
    [22050, 16000, [8000, 9500, 11000]]
  ])('%i → %i Hz: at least 80 dB of attenuation from the output Nyquist frequency', (from, to, freqs) => {
    for (const f of freqs) {
      const y = resample(sine(f, from, 0.5), from, to)
      expect(rmsDb(y, to)).toBeLessThan(-80)
    }
  })

  it('8000 → 16000 Hz: no image of a 3 kHz tone at 5 kHz', () => {
    const y = resample(sine(3000, 8000, 0.5), 8000, 16000)
    expect(20 * Math.log10(amplitudeAt(y, 5000, 16000))).toBeLessThan(-80)
  })

  it('keeps timing: output sample k is the input signal at time k / outRate (no delay)', () => {
    const f = 440
    const y = resample(sine(f, 44100, 0.5, 0), 44100, 16000)
    for (const k of [2000, 3000, 4000]) expect(y[k]).toBeCloseTo(Math.sin((2 * Math.PI * f * k) / 16000), 3)
  })

  it('has the expected length, keeps a constant constant, and returns the input when the rates match', () => {
    const x = new Float32Array(44100).fill(0.25)
    const y = resample(x, 44100, 16000)
    expect(y.length).toBe(resampledLength(44100, 44100, 16000))
    expect(y.length).toBe(16000)
    for (let i = 500; i < y.length - 500; i += 997) expect(y[i]).toBeCloseTo(0.25, 6)
    expect(resample(x, 16000, 16000)).toBe(x)
    expect(() => resample(x, 0, 16000)).toThrow(RangeError)
  })
})
