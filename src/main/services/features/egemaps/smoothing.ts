/**
 * openSMILE's 3-frame moving average (cContourSmoother, src/dspcore/contourSmoother.cpp, smaWin = 3), the "sma3"
 * in every eGeMAPS LLD name. At the ends cWindowProcessor reads one frame beyond the contour, which the data memory
 * pads with the first/last frame itself (cDataMemoryLevel::getMatrix), so y[0] = (2x[0] + x[1])/3.
 *
 * noZeroSma = 1 ("sma3nz"): zeros stay zero and zero neighbours are left out of the average, so smoothing never
 * drags a voiced value towards the 0 that marks an unvoiced frame.
 */
export function sma3(x: ArrayLike<number>, n: number = x.length): Float64Array {
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const a = x[i > 0 ? i - 1 : 0]
    const c = x[i < n - 1 ? i + 1 : n - 1]
    y[i] = (a + x[i] + c) / 3
  }
  return y
}

export function sma3nz(x: ArrayLike<number>, n: number = x.length): Float64Array {
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = x[i]
    if (v === 0) continue
    const a = x[i > 0 ? i - 1 : 0]
    const c = x[i < n - 1 ? i + 1 : n - 1]
    let s = v
    let k = 1
    if (a !== 0) {
      s += a
      k++
    }
    if (c !== 0) {
      s += c
      k++
    }
    y[i] = s / k
  }
  return y
}

/**
 * sma3 / sma3nz of a pitch-frame contour as openSMILE's LLD output shows it; returns n + 1 values. The pitch
 * stream reaches the smoother in two passes: the frames the Viterbi smoother had decided before the end of input
 * (`converged`), then, after its flush, the rest. At the end of each pass cWindowProcessor pads the last frame
 * with itself on the right and then emits one more frame from a window of padding only: a copy of that last
 * frame. The first copy takes the place of frame `converged` (whose own smoothed value is never output, as the
 * second pass resumes at converged + 1); the second copy is the extra row every eGeMAPS LLD file ends with.
 */
export function smoothPitchContour(x: ArrayLike<number>, n: number, converged: number, noZero: boolean): Float64Array {
  const smooth = noZero ? sma3nz : sma3
  const y = new Float64Array(n + 1)
  if (n === 0) return y
  y.set(smooth(x, n))
  if (converged > 0 && converged < n) {
    y.set(smooth(x, converged))
    y[converged] = x[converged - 1]
  }
  y[n] = x[n - 1]
  return y
}
