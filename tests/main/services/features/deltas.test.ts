import { describe, expect, it } from 'vitest'
import type { FeatureMatrix } from '../../../../src/shared/domain/features'
import { addDeltas, deltaWindows } from '../../../../src/main/services/features/deltas'

describe('deltas (Kaldi add-deltas, window 2)', () => {
  it("has Kaldi's windows: (−2 … 2)/10, and its convolution with itself for Δ²", () => {
    const [w0, w1, w2] = deltaWindows({ order: 2, window: 2 })
    expect(Array.from(w0)).toEqual([1])
    expect(Array.from(w1).map((v) => v * 10)).toEqual([-2, -1, 0, 1, 2].map((v) => expect.closeTo(v, 12)))
    expect(Array.from(w2).map((v) => v * 100)).toEqual(
      [4, 4, 1, -4, -10, -4, 1, 4, 4].map((v) => expect.closeTo(v, 12))
    )
  })

  it('a ramp has Δ = slope and Δ² = 0 away from the edges; edge frames repeat', () => {
    const frames = 20
    const m: FeatureMatrix = {
      frames,
      dims: 2,
      data: Float32Array.from({ length: frames * 2 }, (_, i) => (i % 2 === 0 ? 3 * Math.floor(i / 2) : 7)),
      frameShiftSec: 0.01,
      names: ['ramp', 'flat']
    }
    const d = addDeltas(m)
    expect(d.dims).toBe(6)
    expect(d.names).toEqual(['ramp', 'flat', 'ramp_d1', 'flat_d1', 'ramp_d2', 'flat_d2'])
    for (let t = 4; t < frames - 4; t++) {
      expect(d.data[t * 6 + 2]).toBeCloseTo(3, 5)
      expect(d.data[t * 6 + 3]).toBeCloseTo(0, 6)
      expect(d.data[t * 6 + 4]).toBeCloseTo(0, 5)
    }
    // frame 0 sees frames −2, −1 as frame 0: (−2·0 − 1·0 + 0 + 1·3 + 2·6)/10 = 1.5
    expect(d.data[2]).toBeCloseTo(1.5, 5)
    expect(d.data[0]).toBe(0)
  })

  it('order 0 is the identity; bad options are refused', () => {
    const m: FeatureMatrix = { frames: 3, dims: 1, data: Float32Array.of(1, 2, 3), frameShiftSec: 0.01, names: ['x'] }
    expect(Array.from(addDeltas(m, { order: 0 }).data)).toEqual([1, 2, 3])
    expect(() => addDeltas(m, { window: 0 })).toThrow(/window/)
  })
})
