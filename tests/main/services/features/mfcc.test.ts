import { describe, expect, it } from 'vitest'
import { MFCC_DEFAULTS } from '../../../../src/shared/domain/features'
import { computeMfcc, dctMatrix, lifterCoefficients, mfccNames } from '../../../../src/main/services/features/mfcc'
import { readWavFile } from '../../../../src/main/services/audio/read-audio'
import { KALDI_SAMPLE_SCALE } from '../../../../src/main/services/features/frame-window'
import { audioPath } from './reference-data'

describe('DCT-II', () => {
  it.each([13, 23, 40])('the full %i×%i matrix is orthonormal: D·Dᵀ = I to 1e-12', (m) => {
    const d = dctMatrix(m, m)
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let dot = 0
        for (let k = 0; k < m; k++) dot += d[i * m + k] * d[j * m + k]
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12)
      }
    }
  })

  it("has Kaldi's rows: √(1/M), then √(2/M)·cos(πk(j + ½)/M)", () => {
    const d = dctMatrix(13, 23)
    expect(d[0]).toBeCloseTo(Math.sqrt(1 / 23), 15)
    expect(d[5 * 23 + 7]).toBeCloseTo(Math.sqrt(2 / 23) * Math.cos((Math.PI * 5 * 7.5) / 23), 15)
  })

  it("'float' rows are the double rows rounded to float32", () => {
    const d = dctMatrix(13, 23)
    const f = dctMatrix(13, 23, true)
    for (let i = 0; i < d.length; i++) expect(Math.abs(f[i] - d[i])).toBeLessThan(1e-7)
  })
})

describe('lifter and layout', () => {
  it('is 1 + (Q/2)·sin(πk/Q), or all ones for Q = 0', () => {
    const l = lifterCoefficients(13, 22)
    expect(l[0]).toBe(1)
    expect(l[11]).toBeCloseTo(12, 12)
    expect(Array.from(lifterCoefficients(5, 0))).toEqual([1, 1, 1, 1, 1])
  })

  it('names the columns: log_energy replaces c0; htk-compat puts it last', () => {
    expect(mfccNames({ numCeps: 4, useEnergy: true, htkCompat: false })).toEqual(['log_energy', 'c1', 'c2', 'c3'])
    expect(mfccNames({ numCeps: 4, useEnergy: false, htkCompat: true })).toEqual(['c1', 'c2', 'c3', 'c0'])
  })

  it('htk-compat moves c0 last, scaled by √2 without use-energy', () => {
    const a = readWavFile(audioPath('s01_enus_male_neutral_16k_pcm16'))
    const o = { ...MFCC_DEFAULTS, sampleFrequency: a.sampleRate, useEnergy: false, precision: 'double' as const }
    const plain = computeMfcc(a.channels[0], o, KALDI_SAMPLE_SCALE)
    const htk = computeMfcc(a.channels[0], { ...o, htkCompat: true }, KALDI_SAMPLE_SCALE)
    for (const t of [0, 100, 200]) {
      expect(htk.data[t * 13 + 12]).toBeCloseTo(plain.data[t * 13] * Math.SQRT2, 3)
      expect(htk.data[t * 13]).toBe(plain.data[t * 13 + 1])
    }
  })

  it('rejects more cepstra than Mel bins, naming num-ceps', () => {
    expect(() => computeMfcc(new Float32Array(16000), { ...MFCC_DEFAULTS, numCeps: 30 })).toThrow(/numCeps/)
  })
})
