/**
 * The two FFTs: fft.ts (float64, radix-2) and kiss-fft.ts (kissfft's float32 arithmetic). Parseval and a direct
 * DFT check that each is an FFT; the libkissfft fixture checks that kiss-fft.ts is kissfft bit for bit.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createRealFft, isPowerOfTwo, nextPowerOfTwo } from '../../../../src/main/services/features/fft'
import { createKissFft, kissFactors } from '../../../../src/main/services/features/kiss-fft'
import { createKissFftr } from '../../../../src/main/services/features/kiss-fftr'

/** A reproducible noise-plus-tones signal (no Math.random: a failure must be repeatable). */
function signal(n: number, seed = 1): Float64Array {
  const x = new Float64Array(n)
  let s = seed
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    x[i] = 1000 * Math.sin(0.05 * i) + 300 * Math.cos(1.3 * i + 0.2) + (s / 2 ** 32 - 0.5) * 200
  }
  return x
}

/** Σx² against (|X0|² + |X_{N/2}|² + 2Σ|X_k|²)/N from the one-sided power spectrum. */
function parseval(x: ArrayLike<number>, power: Float64Array): { time: number; freq: number } {
  const n = x.length
  let time = 0
  for (let i = 0; i < n; i++) time += x[i] * x[i]
  let freq = power[0] + power[n / 2]
  for (let k = 1; k < n / 2; k++) freq += 2 * power[k]
  return { time, freq: freq / n }
}

function dftPower(x: ArrayLike<number>): Float64Array {
  const n = x.length
  const p = new Float64Array(n / 2 + 1)
  for (let k = 0; k <= n / 2; k++) {
    let re = 0
    let im = 0
    for (let j = 0; j < n; j++) {
      re += x[j] * Math.cos((2 * Math.PI * j * k) / n)
      im -= x[j] * Math.sin((2 * Math.PI * j * k) / n)
    }
    p[k] = re * re + im * im
  }
  return p
}

describe('fft.ts (float64)', () => {
  it.each([4, 8, 64, 256, 512, 1024, 2048, 4096])('satisfies Parseval at N=%i to 1e-12', (n) => {
    const x = signal(n)
    const p = new Float64Array(n / 2 + 1)
    createRealFft(n).powerSpectrum(x, p)
    const { time, freq } = parseval(x, p)
    expect(Math.abs(time - freq) / time).toBeLessThan(1e-12)
  })

  it('equals the DFT definition, bin by bin', () => {
    const x = signal(128, 7)
    const p = new Float64Array(65)
    createRealFft(128).powerSpectrum(x, p)
    const ref = dftPower(x)
    const scale = Math.max(...ref)
    for (let k = 0; k <= 64; k++) expect(Math.abs(p[k] - ref[k]) / scale).toBeLessThan(1e-12)
  })

  it('forward() gives the complex spectrum whose squares are powerSpectrum()', () => {
    const x = signal(64, 3)
    const re = new Float64Array(33)
    const im = new Float64Array(33)
    const p = new Float64Array(33)
    const fft = createRealFft(64)
    fft.forward(x, re, im)
    fft.powerSpectrum(x, p)
    for (let k = 0; k <= 32; k++) expect(re[k] ** 2 + im[k] ** 2).toBeCloseTo(p[k], 6)
    expect(im[0]).toBe(0)
  })

  it('rejects sizes that are not powers of two; rounds up like Kaldi', () => {
    expect(() => createRealFft(400)).toThrow(/power of two/)
    expect(nextPowerOfTwo(400)).toBe(512)
    expect(nextPowerOfTwo(551)).toBe(1024)
    expect(isPowerOfTwo(2048)).toBe(true)
  })
})

describe('kiss-fft.ts (kissfft in float32)', () => {
  it('factors like kf_factor: 4s first, then 2, then odd primes', () => {
    expect(kissFactors(256)).toEqual([4, 4, 4, 4])
    expect(kissFactors(512)).toEqual([4, 4, 4, 4, 2])
    expect(kissFactors(200)).toEqual([4, 2, 5, 5])
    expect(kissFactors(14)).toEqual([2, 7])
  })

  it.each([256, 512, 1024, 2048, 400, 30])('satisfies Parseval at N=%i to float32 accuracy (1e-6)', (n) => {
    const x = Float32Array.from(signal(n, 11))
    const p = new Float64Array(n / 2 + 1)
    createKissFftr(n).powerSpectrum(x, p)
    const { time, freq } = parseval(x, p)
    expect(Math.abs(time - freq) / time).toBeLessThan(1e-6)
  })

  it('agrees with the float64 FFT to float32 round-off (1e-6 of the peak power)', () => {
    const x = Float32Array.from(signal(512, 5))
    const p32 = new Float64Array(257)
    const p64 = new Float64Array(257)
    createKissFftr(512).powerSpectrum(x, p32)
    createRealFft(512).powerSpectrum(Float64Array.from(x), p64)
    const peak = Math.max(...p64)
    for (let k = 0; k <= 256; k++) expect(Math.abs(p32[k] - p64[k]) / peak).toBeLessThan(1e-6)
  })

  it('reproduces libkissfft (Debian 12, -ffast-math build) bit for bit', () => {
    const fixture = JSON.parse(readFileSync(new URL('./fixtures/libkissfft-power.json', import.meta.url), 'utf8')) as {
      power: Record<string, string>
    }
    for (const [size, b64] of Object.entries(fixture.power)) {
      const n = Number(size)
      const bytes = Buffer.from(b64, 'base64')
      const expected = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 3000 + ((i * 7919) % 101) - 50)
      const p = new Float64Array(n / 2 + 1)
      createKissFftr(n).powerSpectrum(x, p)
      expect(Array.from(p)).toEqual(Array.from(expected))
    }
  })

  it('the complex transform of a delta at 1 is the twiddle table', () => {
    const n = 64
    const input = new Float32Array(2 * n)
    input[2] = 1
    const outR = new Float32Array(n)
    const outI = new Float32Array(n)
    createKissFft(n).forward(input, outR, outI)
    for (let k = 0; k < n; k++) {
      expect(outR[k]).toBeCloseTo(Math.cos((-2 * Math.PI * k) / n), 6)
      expect(outI[k]).toBeCloseTo(Math.sin((-2 * Math.PI * k) / n), 6)
    }
  })
})

describe('plan cache', () => {
  it('keeps at most FFT_PLAN_CACHE_SIZE plans per transform, least recently used out first', async () => {
    const { FFT_PLAN_CACHE_SIZE, fftPlanCount } = await import('../../../../src/main/services/features/fft')
    const { createKissFftr } = await import('../../../../src/main/services/features/kiss-fftr')
    const kept = createRealFft(512)
    // 13 power-of-two sizes and 30 kissfft sizes, more than any cache bound worth having (asserted below)
    expect(FFT_PLAN_CACHE_SIZE).toBeLessThan(13)
    for (let k = 2; k <= 14; k++) {
      createRealFft(2 ** k)
      createRealFft(512) // used again and again: never the least recently used
    }
    for (let k = 0; k < 30; k++) createKissFftr(2 * (100 + k))
    const counts = fftPlanCount()
    expect(counts.real).toBeLessThanOrEqual(FFT_PLAN_CACHE_SIZE)
    expect(counts.kissComplex).toBeLessThanOrEqual(FFT_PLAN_CACHE_SIZE)
    expect(counts.kissReal).toBeLessThanOrEqual(FFT_PLAN_CACHE_SIZE)
    expect(createRealFft(512)).toBe(kept)
    // an evicted size is simply planned again, and still right
    const x = Float64Array.from({ length: 8 }, (_, i) => (i === 1 ? 1 : 0))
    const re = new Float64Array(5)
    const im = new Float64Array(5)
    createRealFft(8).forward(x, re, im)
    expect(re[2]).toBeCloseTo(Math.cos((-2 * Math.PI * 2) / 8), 12)
  })
})
