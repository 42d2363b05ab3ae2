/**
 * The contour functionals on hand-computable inputs: cFunctionalPeaks2 (peaks.ts), cFunctionalSegments
 * (segments.ts), cFunctionalMoments / cFunctionalPercentiles (statistics.ts). The parity tests cover them on real
 * files; these pin down the openSMILE conventions that are easy to "fix" by mistake.
 */
import { describe, expect, it } from 'vitest'
import { peakStats } from '../../../../../src/main/services/features/egemaps/functionals/peaks'
import { segmentLengths, segmentStats } from '../../../../../src/main/services/features/egemaps/functionals/segments'
import {
  meanAndStddevNorm,
  nonZero,
  percentiles20to80
} from '../../../../../src/main/services/features/egemaps/functionals/statistics'

/** 0 → 10 → 0 … with period 20 frames, 80 frames: maxima at 10, 30, 50, 70 */
const triangle = Array.from({ length: 80 }, (_, i) => (i % 20 <= 10 ? i % 20 : 20 - (i % 20)))

describe('peakStats (cFunctionalPeaks2)', () => {
  it('counts the maxima and the rising slopes in units per second', () => {
    const p = peakStats(triangle, 80, 0.01)
    expect(p.numPeaks).toBe(4)
    expect(p.meanRisingSlope).toBeCloseTo(100, 4) // 10 units in 10 frames of 10 ms
    expect(p.stddevRisingSlope).toBe(0)
  })

  it('counts falling slopes as positive, but the slope from the last peak to the end with its sign', () => {
    // slopes 100, 100, 100 and the end slope −100 (frame 70 → 79): mean 50; the end slope stays out of the
    // deviation, which is still taken about that mean and divided by 4: sqrt(3·50²/4) = 43.30
    const p = peakStats(triangle, 80, 0.01)
    expect(p.meanFallingSlope).toBeCloseTo(50, 4)
    expect(p.stddevFallingSlope).toBeCloseTo(Math.sqrt((3 * 50 * 50) / 4), 3)
  })

  it('ignores ripples below 10 % of the range', () => {
    const rippled = triangle.map((v, i) => v + (i % 2) * 0.5)
    expect(peakStats(rippled, 80, 0.01).numPeaks).toBe(4)
  })

  it('gives zeros for a flat contour', () => {
    expect(peakStats(new Float64Array(50), 50, 0.01)).toEqual({
      numPeaks: 0,
      meanRisingSlope: 0,
      stddevRisingSlope: 0,
      meanFallingSlope: 0,
      stddevFallingSlope: 0
    })
  })
})

describe('segment statistics (cFunctionalSegments, segMinLng 3, pauseMinLng 2)', () => {
  const f0 = [0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]

  it('needs 3 frames to open a segment and 2 to close it, and measures end − start in frames', () => {
    // frames 2–6 (5 frames) count 4; frames 10–11 are too short; 15–22 bridge a 1-frame gap and run to the end
    expect(segmentLengths(f0, f0.length, (v) => v !== 0)).toEqual([4, 7])
    expect(segmentLengths(f0, f0.length, (v) => v === 0)).toEqual([2, 2])
  })

  it('reports segments per second of the whole contour and lengths in seconds', () => {
    const s = segmentStats(f0, f0.length, 0.01, (v) => v !== 0)
    expect(s.perSecond).toBeCloseTo(2 / 0.23, 4)
    expect(s.meanLengthSec).toBeCloseTo(0.055, 6)
    expect(s.stddevLengthSec).toBeCloseTo(0.015, 6)
  })
})

describe('moments and percentiles', () => {
  it('stddevNorm is the population σ over the mean, signed', () => {
    const [m, sn] = meanAndStddevNorm([-1, -2, -3])
    expect(m).toBe(-2)
    expect(sn).toBeCloseTo(-Math.sqrt(2 / 3) / 2, 6)
  })

  it('leaves zeros out of the voiced-only functionals', () => {
    expect([...nonZero([0, 1, 0, 2])]).toEqual([1, 2])
    expect(meanAndStddevNorm([])).toEqual([0, 0])
  })

  it('interpolates percentiles linearly between sorted values', () => {
    const [p20, p50, p80, range] = percentiles20to80([5, 1, 4, 2, 3, 6])
    // position p·(n−1): 1.0, 2.5, 4.0 of [1 2 3 4 5 6]
    expect([p20, p50, p80, range]).toEqual([2, 3.5, 5, 3])
  })
})
