import { describe, expect, it } from 'vitest'
import type { FeatureMatrix } from '../../../../src/shared/domain/features'
import {
  accumulateCmvn,
  applyCmvn,
  cmvnPerSpeaker,
  cmvnPerUtterance,
  emptyCmvnStats
} from '../../../../src/main/services/features/cmvn'

function matrix(rows: number[][]): FeatureMatrix {
  return {
    frames: rows.length,
    dims: rows[0].length,
    data: Float32Array.from(rows.flat()),
    frameShiftSec: 0.01,
    names: rows[0].map((_, i) => `f${i}`)
  }
}

function columnStats(m: FeatureMatrix, c: number): { mean: number; sd: number } {
  const v = Array.from({ length: m.frames }, (_, t) => m.data[t * m.dims + c])
  const mean = v.reduce((a, b) => a + b, 0) / v.length
  return { mean, sd: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) }
}

describe('CMVN', () => {
  const a = matrix([
    [1, 10, 5],
    [2, 20, 5],
    [3, 30, 5],
    [6, 60, 5]
  ])
  const b = matrix([
    [11, -10, 5],
    [13, -30, 5]
  ])

  it('per utterance: zero mean per dimension; with variances also unit standard deviation', () => {
    const mean = cmvnPerUtterance(a)
    const both = cmvnPerUtterance(a, true)
    for (let c = 0; c < 3; c++) {
      expect(columnStats(mean, c).mean).toBeCloseTo(0, 6)
      expect(columnStats(both, c).mean).toBeCloseTo(0, 6)
    }
    expect(columnStats(mean, 1).sd).toBeCloseTo(columnStats(a, 1).sd, 5)
    expect(columnStats(both, 0).sd).toBeCloseTo(1, 5)
    expect(columnStats(both, 1).sd).toBeCloseTo(1, 5)
  })

  it('a constant column becomes 0, not NaN (variance floor)', () => {
    const both = cmvnPerUtterance(a, true)
    for (let t = 0; t < 4; t++) expect(both.data[t * 3 + 2]).toBe(0)
  })

  it("per speaker: pooled statistics, so the speaker's frames together have zero mean, each utterance not", () => {
    const [na, nb] = cmvnPerSpeaker([a, b])
    const pooledMean = (c: number): number => {
      let s = 0
      for (const m of [na, nb]) for (let t = 0; t < m.frames; t++) s += m.data[t * 3 + c]
      return s / 6
    }
    expect(pooledMean(0)).toBeCloseTo(0, 5)
    expect(pooledMean(1)).toBeCloseTo(0, 5)
    expect(columnStats(na, 0).mean).not.toBeCloseTo(0, 1)
  })

  it('accumulates like Kaldi: count, sums and sums of squares; leaves the input untouched', () => {
    const st = accumulateCmvn(accumulateCmvn(emptyCmvnStats(3), a), b)
    expect(st.count).toBe(6)
    expect(st.sum[0]).toBe(1 + 2 + 3 + 6 + 11 + 13)
    expect(st.sumSq[1]).toBe(100 + 400 + 900 + 3600 + 100 + 900)
    const before = a.data.slice()
    applyCmvn(a, st, true)
    expect(a.data).toEqual(before)
    expect(() => accumulateCmvn(emptyCmvnStats(2), a)).toThrow(/dims/)
  })
})
