/**
 * openSMILE's 3-frame smoothing (cContourSmoother) as eGeMAPSv02 uses it: edge padding with the frame itself,
 * zeros excluded for the voiced-only streams, and the two-pass seam of the pitch contour (smoothing.ts).
 */
import { describe, expect, it } from 'vitest'
import { sma3, sma3nz, smoothPitchContour } from '../../../../../src/main/services/features/egemaps/smoothing'

describe('sma3', () => {
  it('averages three frames and repeats the edge frame at both ends', () => {
    expect([...sma3([3, 6, 9, 3])]).toEqual([(3 + 3 + 6) / 3, 6, 6, (9 + 3 + 3) / 3])
  })

  it('smooths only the first n frames when asked', () => {
    expect([...sma3([3, 6, 9, 3], 2)]).toEqual([4, 5])
  })
})

describe('sma3nz', () => {
  it('keeps zeros (unvoiced) at zero and leaves zero neighbours out of the average', () => {
    expect([...sma3nz([0, 4, 8, 0, 0, 5, 7, 9])]).toEqual([0, 6, 6, 0, 0, 6, 7, (7 + 9 + 9) / 3])
  })
})

describe('smoothPitchContour', () => {
  const x = [1, 2, 3, 4, 5, 6]

  it('adds the final copy of the last frame that every eGeMAPS LLD file ends with', () => {
    expect([...smoothPitchContour(x, 6, 6, false)]).toEqual([...sma3(x), 6])
  })

  it('puts the copy of the first pass’s last frame in place of frame `converged`', () => {
    // first pass: frames 0–2 (frame 2 padded with itself), then a copy of frame 2 replaces frame 3
    const y = smoothPitchContour(x, 6, 3, false)
    expect(y[2]).toBe((2 + 3 + 3) / 3)
    expect(y[3]).toBe(3)
    expect(y[4]).toBe(5)
    expect(y[6]).toBe(6)
  })

  it('is empty but for the padding row when there are no frames', () => {
    expect([...smoothPitchContour([], 0, 0, true)]).toEqual([0])
  })
})
