import { describe, expect, it } from 'vitest'
import type { Precision } from '../../../../src/shared/domain/features'
import {
  effectiveHighFreq,
  getMelBanks,
  inverseMelScale,
  melScale
} from '../../../../src/main/services/features/mel-filterbank'

/** Every bank's weights spread over the FFT bins: rows × (P/2) */
function weightMatrix(
  numBins: number,
  sr: number,
  p: number,
  precision: Precision,
  lowFreq = 20,
  highFreq = 0
): number[][] {
  const b = getMelBanks({ numMelBins: numBins, lowFreq, highFreq }, sr, p, precision)
  return b.weights.map((w, i) => {
    const row = new Array<number>(p / 2).fill(0)
    w.forEach((v, k) => (row[b.first[i] + k] = v))
    return row
  })
}

describe('mel scale', () => {
  it("is Kaldi's 1127·ln(1 + f/700), and its inverse", () => {
    expect(melScale(700)).toBeCloseTo(1127 * Math.log(2), 10)
    expect(melScale(1000)).toBeCloseTo(999.98, 1)
    for (const f of [20, 440, 4000, 22050]) expect(inverseMelScale(melScale(f))).toBeCloseTo(f, 8)
  })

  it('high-freq ≤ 0 is an offset from Nyquist', () => {
    expect(effectiveHighFreq(0, 16000)).toBe(8000)
    expect(effectiveHighFreq(-400, 16000)).toBe(7600)
    expect(effectiveHighFreq(7000, 16000)).toBe(7000)
  })
})

describe.each(['double', 'float'] as const)('filterbank (%s)', (precision) => {
  const tol = precision === 'double' ? 1e-12 : 1e-6
  it.each([
    [23, 16000, 512],
    [26, 16000, 512],
    [40, 8000, 256],
    [40, 48000, 2048]
  ])('%i banks at %i Hz, P=%i: adjacent triangles sum to 1 between the first and last centres', (n, sr, p) => {
    const w = weightMatrix(n, sr, p, precision)
    const banks = getMelBanks({ numMelBins: n, lowFreq: 20, highFreq: 0 }, sr, p, precision)
    const firstCentre = melScale(banks.centerHz[0])
    const lastCentre = melScale(banks.centerHz[n - 1])
    let checked = 0
    for (let k = 0; k < p / 2; k++) {
      const mel = melScale((k * sr) / p)
      const sum = w.reduce((s, row) => s + row[k], 0)
      // every FFT bin is covered by at most two banks: the falling edge of one and the rising edge of the next
      expect(w.filter((row) => row[k] > 0).length).toBeLessThanOrEqual(2)
      if (mel > firstCentre + 1e-3 && mel < lastCentre - 1e-3) {
        expect(Math.abs(sum - 1)).toBeLessThan(tol)
        checked++
      } else expect(sum).toBeLessThanOrEqual(1 + tol)
    }
    expect(checked).toBeGreaterThan(p / 4)
  })

  it('each row is one triangle: contiguous, in [0, 1], rising then falling, outside (low, high) zero', () => {
    const w = weightMatrix(23, 16000, 512, precision, 100, 6000)
    for (const row of w) {
      const nz = row.map((v, k) => (v > 0 ? k : -1)).filter((k) => k >= 0)
      expect(nz[nz.length - 1] - nz[0] + 1).toBe(nz.length)
      const peak = nz.reduce((a, k) => (row[k] > row[a] ? k : a), nz[0])
      for (let k = nz[0]; k < peak; k++) expect(row[k]).toBeLessThanOrEqual(row[k + 1])
      for (let k = peak; k < nz[nz.length - 1]; k++) expect(row[k]).toBeGreaterThanOrEqual(row[k + 1])
      expect(Math.max(...row)).toBeLessThanOrEqual(1)
    }
    const covered = new Set(w.flatMap((row) => row.map((v, k) => (v > 0 ? k : -1)).filter((k) => k >= 0)))
    for (const k of covered) {
      expect((k * 16000) / 512).toBeGreaterThan(100)
      expect((k * 16000) / 512).toBeLessThan(6000)
    }
  })

  it('never reads the Nyquist bin (Kaldi uses bins 0 … P/2 − 1)', () => {
    const b = getMelBanks({ numMelBins: 23, lowFreq: 20, highFreq: 0 }, 16000, 512, precision)
    expect(b.fftBins).toBe(256)
    const last = b.first[22] + b.weights[22].length - 1
    expect(last).toBeLessThan(256)
    const power = new Float64Array(257)
    power[256] = 1e30
    const out = new Float64Array(23)
    b.compute(power, out)
    expect(Math.max(...out)).toBe(0)
  })
})

describe('filterbank options', () => {
  it('rejects fewer than 3 bins, bad edges and banks narrower than an FFT bin, naming the option', () => {
    expect(() => getMelBanks({ numMelBins: 2, lowFreq: 20, highFreq: 0 }, 16000, 512)).toThrow(/numMelBins/)
    expect(() => getMelBanks({ numMelBins: 23, lowFreq: 9000, highFreq: 0 }, 16000, 512)).toThrow(/lowFreq/)
    expect(() => getMelBanks({ numMelBins: 23, lowFreq: 20, highFreq: 9000 }, 16000, 512)).toThrow(/highFreq/)
    expect(() => getMelBanks({ numMelBins: 200, lowFreq: 20, highFreq: 0 }, 8000, 256)).toThrow(/numMelBins/)
  })

  it('is built once per configuration', () => {
    const a = getMelBanks({ numMelBins: 26, lowFreq: 20, highFreq: 0 }, 16000, 512, 'float')
    expect(getMelBanks({ numMelBins: 26, lowFreq: 20, highFreq: 0 }, 16000, 512, 'float')).toBe(a)
    expect(getMelBanks({ numMelBins: 26, lowFreq: 20, highFreq: 0 }, 16000, 512, 'double')).not.toBe(a)
  })
})
