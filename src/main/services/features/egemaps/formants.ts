/**
 * F1–F3 frequencies and bandwidths as eGeMAPSv02 computes them, three openSMILE components in a row
 * (config/gemaps/v01b/GeMAPSv01b_core.lld.conf.inc):
 *
 * 1. cSpecResample (src/dsp/specResample.cpp, targetFs 11000; spectral-resampler.ts) resamples the complex
 *    spectrum of the 20 ms Hamming frame to 11 kHz by an inverse DFT evaluated on a new time grid. The frame was
 *    zero-padded symmetrically to the FFT size, and the resampled frame spans the first 20 ms of the *padded*
 *    frame, leading zeros included; that is openSMILE's behaviour and is reproduced here.
 * 2. cLpc (src/lld/lpc.cpp, p 11, method acf): autocorrelation and the Levinson–Durbin recursion
 *    (smileDsp_autoCorr, smileDsp_calcLpcAcf), giving A(z) = 1 + Σ a_k z^−k.
 * 3. cFormantLpc (src/lld/formantLpc.cpp, nFormants 5, minF 50, maxF 5450): roots of the polynomial it builds from
 *    the coefficients, x^p − Σ a_k x^(p−k) (openSMILE negates the coefficients), mirrored into the unit circle;
 *    each root with Im ≥ 0 and angle frequency in [50, 5450] Hz is a formant with bandwidth −ln|r|·fs/π, in root
 *    order, then sorted by frequency.
 */
import { createPolynomialRootFinder } from './polynomial-roots'
import { createSpectralResampler } from './spectral-resampler'

const TARGET_FS = 11000
const LPC_ORDER = 11
const N_FORMANTS = 5
const MIN_F = 50
const MAX_F = 5450
const f32 = Math.fround

export interface FormantTracker {
  /** Number of formant slots (5); unfilled slots are 0 */
  readonly nFormants: number
  /**
   * Formants of one frame from its FFT (re and Ooura-convention im, framing.ts/spectrum.ts); writes frequencies
   * into freq[0..4] and bandwidths into bw[0..4].
   */
  compute(re: Float64Array, oouraIm: Float64Array, freq: Float64Array, bw: Float64Array): void
}

/**
 * `fftSize`, `frameSize` (samples), `sizeSec` (configured 0.020) and `fftFrameSec` describe the 20 ms FFT level;
 * cSpecResample rounds the output length to whole samples and adjusts the ratio to match (setupNewNames).
 */
export function createFormantTracker(
  sampleRate: number,
  fftSize: number,
  sizeSec: number,
  fftFrameSec: number
): FormantTracker {
  const nIn = fftSize
  const ratio0 = TARGET_FS / sampleRate
  let nd: number
  let nOut: number
  if (fftFrameSec !== sizeSec) {
    const nOut0 = Math.round(nIn * ratio0 * (sizeSec / fftFrameSec))
    const ratio = nOut0 / (nIn * (sizeSec / fftFrameSec))
    nOut = nOut0
    nd = nIn * ratio
  } else {
    nOut = Math.round(nIn * ratio0)
    nd = nOut
  }
  const resampler = createSpectralResampler(nIn, nOut, nd)
  const resampled = new Float64Array(nOut)
  const acf = new Float64Array(LPC_ORDER + 1)
  const lpc = new Float64Array(LPC_ORDER)
  const poly = new Float64Array(LPC_ORDER + 1)
  const T = 1 / TARGET_FS
  const rootsOf = createPolynomialRootFinder(LPC_ORDER)

  function levinson(): void {
    lpc.fill(0)
    if (acf[0] === 0) return
    let e = acf[0]
    for (let m = 1; m <= LPC_ORDER; m++) {
      let sum = acf[m]
      for (let i = 1; i < m; i++) sum = f32(sum + f32(lpc[i - 1] * acf[m - i]))
      const k = f32(f32(-1 / e) * sum)
      lpc[m - 1] = k
      for (let i = 1; i <= m >> 1; i++) {
        const x = lpc[i - 1]
        lpc[i - 1] = f32(lpc[i - 1] + f32(k * lpc[m - i - 1]))
        if (i < m >> 1 || (m & 1) === 1) lpc[m - i - 1] = f32(lpc[m - i - 1] + f32(k * x))
      }
      e = f32(e * f32(1 - f32(k * k)))
      if (e === 0) {
        for (let i = m; i < LPC_ORDER; i++) lpc[i] = 0
        break
      }
    }
  }

  return {
    nFormants: N_FORMANTS,
    compute(re, oouraIm, freq, bw) {
      resampler.resample(re, oouraIm, resampled)
      // cLpc: autocorrelation lags 0 … p, then Levinson–Durbin. Each lag's sum is a chain of float32 roundings in
      // order i = lag, lag+1, …; four lags run side by side (four chains in flight), each in its own order
      for (let lag = 0; lag <= LPC_ORDER; lag += 4) {
        const r = resampled
        let s0 = 0
        let s1 = 0
        let s2 = 0
        let s3 = 0
        const top = Math.min(lag + 3, nOut)
        // the first samples of the lower lags, before all four have started
        for (let i = lag; i < top; i++) {
          s0 = f32(s0 + f32(r[i] * r[i - lag]))
          if (i >= lag + 1) s1 = f32(s1 + f32(r[i] * r[i - lag - 1]))
          if (i >= lag + 2) s2 = f32(s2 + f32(r[i] * r[i - lag - 2]))
        }
        for (let i = top; i < nOut; i++) {
          const v = r[i]
          s0 = f32(s0 + f32(v * r[i - lag]))
          s1 = f32(s1 + f32(v * r[i - lag - 1]))
          s2 = f32(s2 + f32(v * r[i - lag - 2]))
          s3 = f32(s3 + f32(v * r[i - lag - 3]))
        }
        acf[lag] = s0
        if (lag + 1 <= LPC_ORDER) acf[lag + 1] = s1
        if (lag + 2 <= LPC_ORDER) acf[lag + 2] = s2
        if (lag + 3 <= LPC_ORDER) acf[lag + 3] = s3
      }
      levinson()
      freq.fill(0, 0, N_FORMANTS)
      bw.fill(0, 0, N_FORMANTS)
      // cFormantLpc: coefficient i of x^i is −a_(p−i), the leading one 1
      for (let i = 0; i < LPC_ORDER; i++) poly[i] = -Math.fround(lpc[LPC_ORDER - i - 1])
      poly[LPC_ORDER] = 1
      const roots = rootsOf(poly)
      if (roots === null) return
      let nF = 0
      for (let i = 0; i < LPC_ORDER && nF < N_FORMANTS; i++) {
        let r = roots[2 * i]
        let m = roots[2 * i + 1]
        const abs = Math.sqrt(r * r + m * m)
        if (abs > 1) {
          // smileMath_complexIntoUnitCircle: r → 1/conj(r)
          r = r / (abs * abs)
          m = m / (abs * abs)
        }
        if (m < 0) continue
        const f = Math.abs(Math.atan2(m, r)) / (2 * Math.PI * T)
        if (f >= MIN_F && f <= MAX_F) {
          bw[nF] = -Math.log(Math.sqrt(r * r + m * m)) / (Math.PI * T)
          freq[nF] = f
          nF++
        }
      }
      // ascending frequency (selection sort over the filled slots, as cFormantLpc does)
      for (let i = 0; i < nF; i++) {
        for (let j = i + 1; j < nF; j++) {
          if (freq[j] < freq[i]) {
            const f = freq[j]
            freq[j] = freq[i]
            freq[i] = f
            const b = bw[j]
            bw[j] = bw[i]
            bw[i] = b
          }
        }
      }
    }
  }
}
