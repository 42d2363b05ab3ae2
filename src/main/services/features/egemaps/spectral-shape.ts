/**
 * The spectral-shape LLDs of eGeMAPSv02 from the 20 ms Hamming magnitude spectrum, following cSpectral
 * (src/lldcore/spectral.cpp) with the options of sections gemapsv01b_logSpectral and egemapsv02_logSpectral_flux:
 * squareInput 1, useLogSpectrum 1, freqRange 0-5000, oldSlopeScale 0.
 *
 * - alpha ratio: 10·log10(Σ P[f ≥ 1 kHz] / Σ P[f < 1 kHz]) over bins up to 5 kHz;
 * - Hammarberg index: 10·log10(max P[f < 2 kHz] / max P[2–5 kHz]);
 * - slopes 0–500 Hz and 500–1500 Hz: least-squares slope of the dB power spectrum (floored at −140 dB) against
 *   frequency, with cSpectral's fractional edge weights and its quirk of counting Nind = idxR − idxL points;
 * - spectral flux: √(Σ (|X_t| − |X_{t−1}|)² / nBins) over 0–5 kHz, 0 for the first frame.
 */
/** cSpectral's specFloor 1e-7, squared because it floors a power spectrum */
const SPEC_FLOOR = 1e-14
const LOG_SPEC_FLOOR = (10 * Math.log(SPEC_FLOOR)) / Math.LN10
const DB = 10 / Math.LN10

interface SlopeBand {
  iL: number
  iR: number
  wL: number
  wR: number
  nInd: number
}

export interface SpectralShape {
  /** Fills out[0..4] = alphaRatio, hammarbergIndex, slope0-500, slope500-1500 and returns the flux */
  compute(mag: Float64Array, out: Float64Array): number
  /** Forget the previous spectrum (flux of the next frame is 0) */
  reset(): void
}

/** Maps a band [lo, hi] Hz to cSpectral's bin indices and edge weights (its frq[]-based branch). */
function slopeBand(frq: Float64Array, lo: number, hi: number): SlopeBand {
  const n = frq.length
  let ii = 0
  while (ii < n && !(frq[ii] > lo)) ii++
  let wL = ii < n && ii > 0 ? (frq[ii] - lo) / (frq[ii] - frq[ii - 1]) : 1
  let idxL = Math.max(0, ii - 1)
  if (idxL >= n) idxL = n
  ii = 0
  while (ii < n && !(frq[ii] >= Math.fround(hi))) ii++
  let wR = ii < n && ii > 0 ? (hi - frq[ii - 1]) / (frq[ii] - frq[ii - 1]) : 1
  let idxR = ii < n && frq[ii] === Math.fround(hi) ? ii : ii - 1
  if (idxR >= n) idxR = n - 1
  if (wL === 0) wL = 1
  if (wR === 0) wR = 1
  let iL = Math.floor(idxL)
  let iR = Math.floor(idxR)
  if (iL >= n) {
    iL = iR = n - 1
    wR = 0
    wL = 0
  }
  if (iR >= n) {
    iR = n - 1
    wR = 1
  }
  return { iL: Math.max(0, iL), iR: Math.max(0, iR), wL, wR, nInd: idxR - idxL }
}

function slope(frq: Float64Array, L: Float64Array, b: SlopeBand): number {
  let sf = frq[b.iL] * b.wL
  let s2f = sf * sf
  let sumA = frq[b.iL] * b.wL * L[b.iL]
  let sumB = b.wL * L[b.iL]
  for (let i = b.iL + 1; i < b.iR; i++) {
    s2f += frq[i] * frq[i]
    sf += frq[i]
    sumA += frq[i] * L[i]
    sumB += L[i]
  }
  const fR = frq[b.iR] * b.wR
  s2f += fR * fR
  sf += fR
  sumA += fR * L[b.iR]
  sumB += b.wR * L[b.iR]
  const deno = b.nInd * s2f - sf * sf
  return deno !== 0 ? (b.nInd * sumA - sf * sumB) / deno : 0
}

/** `bins` = FFT size/2 + 1; `fftFrameSec` from framing.ts gives cTransformFFT's frequency axis k/fftFrameSec. */
export function createSpectralShape(bins: number, fftFrameSec: number): SpectralShape {
  const F0 = 1 / fftFrameSec
  const frq = new Float64Array(bins)
  for (let k = 0; k < bins; k++) frq[k] = F0 * k
  // freqRange 0-5000: the last bin at or below 0 Hz, the last bin strictly below 5 kHz
  let lower = -1
  let upper = -1
  for (let i = 0; i < bins; i++) {
    if (0 >= frq[i]) lower = i
    if (5000 > frq[i]) upper = i
  }
  if (upper === -1 || upper >= bins) upper = bins - 1
  if (lower < 0) lower = 0
  const nBins = upper - lower + 1
  const band0 = slopeBand(frq, 0, 500)
  const band1 = slopeBand(frq, 500, 1500)
  const P = new Float64Array(bins)
  const L = new Float64Array(bins)
  // only the slopes read the dB spectrum: its logarithms are taken over their bins alone
  const lFirst = Math.min(band0.iL, band1.iL)
  const lLast = Math.max(band0.iR, band1.iR)
  let prev: Float64Array | null = null

  return {
    reset() {
      prev = null
    },
    compute(mag, out) {
      for (let k = 0; k < bins; k++) P[k] = mag[k] * mag[k]
      for (let k = lFirst; k <= lLast; k++) L[k] = P[k] <= SPEC_FLOOR ? LOG_SPEC_FLOOR : DB * Math.log(P[k])
      let sum01 = 0
      let sum15 = 0
      let max02 = 0
      let max25 = 0
      for (let j = 0; j < bins && !(frq[j] > 5000); j++) {
        if (frq[j] < 1000) sum01 += P[j]
        else sum15 += P[j]
        if (frq[j] < 2000) {
          if (P[j] > max02) max02 = P[j]
        } else if (P[j] > max25) max25 = P[j]
      }
      out[0] =
        sum01 > 0
          ? sum15 > SPEC_FLOOR
            ? DB * Math.log(sum15 / sum01)
            : DB * (Math.log(SPEC_FLOOR) - Math.log(sum01))
          : 0
      out[1] =
        max25 > 0
          ? max02 > SPEC_FLOOR
            ? DB * Math.log(max02 / max25)
            : DB * (Math.log(SPEC_FLOOR) - Math.log(max25))
          : 0
      out[2] = slope(frq, L, band0)
      out[3] = slope(frq, L, band1)
      let flux = 0
      if (prev === null) prev = new Float64Array(nBins)
      else {
        let a = 0
        for (let j = lower; j <= upper; j++) {
          const d = mag[j] - prev[j - lower]
          a += d * d
        }
        flux = a / nBins > 0 ? Math.sqrt(a / nBins) : 0
      }
      for (let j = lower; j <= upper; j++) prev[j - lower] = mag[j]
      return flux
    }
  }
}
