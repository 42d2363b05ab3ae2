/**
 * Voiced/unvoiced segment statistics of eGeMAPSv02: openSMILE's cFunctionalSegments
 * (src/functionals/functionalSegments.cpp) with segmentationAlgorithm nonX (voiced: F0 ≠ 0) and eqX (unvoiced:
 * F0 = 0), X 0, segMinLng 3, pauseMinLng 2, norm second. A segment needs 3 frames of the kind to start and ends
 * after 2 frames of the other kind; its length is end − start in frames, where `end` is the index of its last
 * frame (openSMILE's addNewSegment(i − segEnd, start)), so a 5-frame segment counts 4 frames.
 */
const f32 = Math.fround
const SEG_MIN = 3
const PAUSE_MIN = 2

export interface SegmentStats {
  /** Segments per second */
  perSecond: number
  meanLengthSec: number
  stddevLengthSec: number
}

/** Lengths (frames) of runs where `inside(x[i])`, by cFunctionalSegments' nonX/eqX state machine. */
export function segmentLengths(x: ArrayLike<number>, n: number, inside: (v: number) => boolean): number[] {
  const lengths: number[] = []
  let state = 0 // 0 outside, 1 candidate, 2 inside a segment
  let start = 0
  let segStart = 0
  let segEnd = 0
  let i = 0
  for (; i < n; i++) {
    if (inside(x[i])) {
      if (state === 1) {
        segEnd = 0
        segStart++
        if (segStart >= SEG_MIN) {
          segStart = 0
          state = 2
        }
      } else if (state === 0) {
        segStart++
        start = i
        state = 1
      } else segEnd = 0
    } else if (state === 2) {
      segStart = 0
      segEnd++
      if (segEnd >= PAUSE_MIN) {
        state = 0
        lengths.push(i - segEnd - start)
        segEnd = 0
      }
    } else if (state === 1) {
      segEnd++
      if (segEnd >= PAUSE_MIN) {
        state = 0
        segEnd = 0
        segStart = 0
      }
    }
  }
  if (state === 2) {
    segEnd++
    lengths.push(i - segEnd - start)
  }
  return lengths
}

/** Statistics over a contour of n frames with frame period T (seconds), in openSMILE's float arithmetic. */
export function segmentStats(x: ArrayLike<number>, n: number, T: number, inside: (v: number) => boolean): SegmentStats {
  const lengths = segmentLengths(x, n, inside)
  const k = lengths.length
  const Tf = f32(T)
  let sum = 0
  for (const l of lengths) sum += l
  const mean = k > 1 ? f32(sum / k) : sum
  let dev = 0
  for (const l of lengths) dev = f32(dev + f32((l - mean) * (l - mean)))
  const sd = k > 1 ? f32(Math.sqrt(f32(dev / k))) : 0
  return {
    perSecond: n > 0 ? f32(k / f32(Tf * n)) : 0,
    meanLengthSec: f32(mean * Tf),
    stddevLengthSec: f32(sd * Tf)
  }
}
