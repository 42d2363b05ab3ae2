/**
 * Frame geometry and window functions as openSMILE 3.0 computes them: cWinToVecProcessor::configureWriter (the
 * cFramer base) for frame size and step in samples, cTransformFFT for the zero-padded FFT length and the frame
 * duration it reports downstream, and smileUtil.c smileDsp_winHam / smileDsp_winGau for the windows.
 *
 * eGeMAPSv02 uses two framings (config/gemaps/v01b/GeMAPSv01b_core.lld.conf.inc): `frame25` (20 ms, Hamming) for
 * loudness, spectral shape, MFCC and formants, and `frame60` (60 ms, Gaussian σ = 0.4) for pitch, jitter/shimmer and
 * harmonics; both step 10 ms with frameCenterSpecial = left (frame k starts at sample k·step).
 */

export interface FrameGeometry {
  /** Samples per frame: round(frameSize / T) with T = 1/fs, as openSMILE computes it */
  size: number
  /** Samples between frame starts: round(frameStep / T); 221 at 22.05 kHz, where 10 ms is 220.5 samples */
  step: number
  /** The power of two ≥ size that cTransformFFT zero-pads to */
  fftSize: number
  /** The configured frame length in seconds (0.020 or 0.060): openSMILE keeps the configured value, not size·T */
  sizeSec: number
  /**
   * Seconds the FFT frame spans after zero padding (frameSizeSec · fftSize/size). Every spectral component derives
   * its bin spacing 1/fftFrameSec from this, so it is computed with openSMILE's own double operations.
   */
  fftFrameSec: number
  /** Whole frames in the signal (openSMILE's framers drop the incomplete tail, noPostEOIprocessing = 1) */
  count: number
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0
}

export function ceilPowerOfTwo(n: number): number {
  let p = 1
  while (p < n) p <<= 1
  return p
}

export function frameGeometry(sampleRate: number, sizeSec: number, stepSec: number, nSamples: number): FrameGeometry {
  const T = 1 / sampleRate
  // (long)round(frameSize / c.T): C's round() is half away from zero, as Math.round is for positive values
  const size = Math.round(sizeSec / T)
  const step = Math.round(stepSec / T)
  const fftSize = Math.max(4, ceilPowerOfTwo(size))
  const fftFrameSec = isPowerOfTwo(size) ? sizeSec : sizeSec * (fftSize / size)
  const count = nSamples >= size ? Math.floor((nSamples - size) / step) + 1 : 0
  return { size, step, fftSize, sizeSec, fftFrameSec, count }
}

/** Hamming window with openSMILE's coefficients 0.54/0.46 and the (N−1) denominator (smileDsp_winHam). */
export function hammingWindow(n: number): Float64Array {
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) w[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1))
  return w
}

/** Gaussian window, σ relative to half the window length (smileDsp_winGau; eGeMAPS uses σ = 0.4). */
export function gaussWindow(n: number, sigma: number): Float64Array {
  const s = Math.min(0.5, sigma <= 0 ? 0.01 : sigma)
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t = (i - (n - 1) / 2) / ((s * (n - 1)) / 2)
    w[i] = Math.exp(-0.5 * t * t)
  }
  return w
}

/**
 * Copies frame k (start k·step) into `out` (length ≥ size), multiplied by `window` if given. Samples past the end
 * of the signal repeat the last sample: that is how openSMILE's data memory pads a matrix read that runs past the
 * end of input (cDataMemoryLevel::getMatrix "fill with last frame"), which only the extra final pitch frame needs.
 */
export function readFrame(
  x: Float32Array,
  start: number,
  size: number,
  window: Float64Array | null,
  out: Float64Array
): void {
  const n = x.length
  if (start + size <= n) {
    // the whole frame inside the signal (every frame but possibly the last)
    if (window) for (let i = 0; i < size; i++) out[i] = x[start + i] * window[i]
    else for (let i = 0; i < size; i++) out[i] = x[start + i]
    return
  }
  const last = n > 0 ? x[n - 1] : 0
  for (let i = 0; i < size; i++) {
    const j = start + i
    const v = j < n ? x[j] : last
    out[i] = window ? v * window[i] : v
  }
}
