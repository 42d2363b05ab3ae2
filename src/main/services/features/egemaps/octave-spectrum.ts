/**
 * The log-frequency spectrum the SHS pitch detector works on: openSMILE's cSpecScale (src/dsp/specScale.cpp),
 * section gemapsv01b_scale: scale octave (log2), minF 25 Hz, maxF = Nyquist, as many points as FFT bins,
 * specEnhance 1, specSmooth 1, interpMethod spline, auditoryWeighting 1.
 *
 * Per frame: peak enhancement (smileDsp_specEnhanceSHS, which zeroes the spectrum between peaks), 1-2-1 smoothing
 * (smileDsp_specSmoothSHS), a natural cubic spline through (log2 f, |X|) evaluated on an even log2 grid
 * (smileMath_cspline / csplint), and an arctan-shaped auditory weighting that attenuates the lowest octave.
 */
const f32 = Math.fround
const log2 = (x: number): number => Math.log(x) / Math.log(2)

export interface OctaveSpectrum {
  readonly nPoints: number
  /** Metadata cPitchShs reads from cSpecScale's level, as float32 (fData[0], [2]–[5]) */
  readonly minF: number
  readonly nOctaves: number
  readonly pointsPerOctave: number
  readonly fMinLog: number
  readonly fMaxLog: number
  /** Rescales one linear magnitude spectrum (length nPoints) into `out` (length nPoints) */
  compute(mag: Float64Array, out: Float64Array): void
}

/** smileDsp_specEnhanceSHS: keeps ±2 bins around each local maximum, zeroes the valleys in between. */
function enhancePeaks(a: Float64Array, n: number, posmax: Int32Array): void {
  if (n < 2) return
  let nmax = 0
  // only posmax[1] is read beyond the maxima found (the one-maximum case below), and it must read 0 there
  posmax[1] = 0
  if (a[0] > a[1]) posmax[nmax++] = 0
  for (let i = 1; i < n - 1; i++) if (a[i] > a[i - 1] && a[i] >= a[i + 1]) posmax[nmax++] = i
  if (a[n - 1] > a[n - 2]) posmax[nmax++] = n - 1
  if (nmax === 1) {
    // openSMILE reads posmax[1] here, which is 0 (calloc): everything from bin 3 up is zeroed
    const p = posmax[1]
    for (let j = 0; j <= p - 3; j++) a[j] = 0
    for (let j = p + 3; j < n; j++) a[j] = 0
  } else {
    for (let i = 1; i < nmax; i++) for (let j = posmax[i - 1] + 3; j <= posmax[i] - 3; j++) a[j] = 0
  }
}

/** smileDsp_specSmoothSHS: in-place (a[i−1] + 2a[i] + a[i+1])/4 using the unsmoothed left neighbour; last bin kept. */
function smooth121(a: Float64Array, n: number): void {
  let prev = 0
  for (let i = 0; i < n - 1; i++) {
    const ai = a[i]
    a[i] = (prev + 2 * ai + a[i + 1]) / 4
    prev = ai
  }
}

/** `bins` = FFT size/2 + 1 of the 60 ms frames; `fftFrameSec` their padded duration (framing.ts). */
export function createOctaveSpectrum(bins: number, fftFrameSec: number): OctaveSpectrum {
  const nMag = bins
  const nPoints = nMag
  const deltaF = 1 / f32(fftFrameSec)
  const minF = 25
  const maxF = deltaF * (nMag - 1)
  const fminT = log2(minF)
  const fmaxT = log2(maxF)
  const deltaT = (fmaxT - fminT) / (nPoints - 1)
  // log2 frequency of each FFT bin; bin 0 gets a linear extrapolation (openSMILE's heuristic)
  const ft = new Float64Array(nMag)
  for (let i = 1; i < nMag; i++) ft[i] = log2(i * deltaF)
  ft[0] = 2 * ft[1] - ft[2]
  // spline cache (smileMath_cspline_init)
  const sigma = new Float64Array(nMag)
  const diff1 = new Float64Array(nMag)
  const diff2 = new Float64Array(nMag)
  for (let i = 1; i < nMag - 1; i++) {
    sigma[i] = (ft[i] - ft[i - 1]) / (ft[i + 1] - ft[i - 1])
    diff1[i] = (ft[i + 1] - ft[i]) * (ft[i + 1] - ft[i - 1])
    diff2[i] = (ft[i] - ft[i - 1]) * (ft[i + 1] - ft[i - 1])
  }
  // smileMath_cspline's forward sweep, the part that does not depend on the magnitudes
  const pivot = new Float64Array(nMag)
  const y2First = new Float64Array(nMag)
  for (let i = 1; i < nMag - 1; i++) {
    pivot[i] = 1 / (sigma[i] * y2First[i - 1] + 2)
    y2First[i] = (sigma[i] - 1) * pivot[i]
  }
  // interpolation cache (smileMath_csplint_init): segment index and the a, c, d coefficients per target point
  const kIdx = new Int32Array(nPoints)
  const ca = new Float64Array(nPoints)
  const cc = new Float64Array(nPoints)
  const cd = new Float64Array(nPoints)
  let kUpper = 1
  for (let i = 0; i < nPoints; i++) {
    const x = fminT + i * deltaT
    while (kUpper < nMag && ft[kUpper] < x) kUpper++
    const ku = Math.min(kUpper, nMag - 1)
    const kl = ku - 1
    const range = ft[ku] - ft[kl]
    const a = (ft[ku] - x) / range
    const b = 1 - a
    const r2 = (range * range) / 6
    kIdx[i] = kl
    ca[i] = a
    cc[i] = (a * a * a - a) * r2
    cd[i] = (b * b * b - b) * r2
  }
  const nOctaves = Math.log(maxF / minF) / Math.log(2)
  const ppo = nPoints / nOctaves
  const atanS = ppo * log2(65 / 50) - 1
  const audw = new Float64Array(nPoints)
  for (let i = 0; i < nPoints; i++) audw[i] = 0.5 + Math.atan((3 * (i + 1 - atanS)) / ppo) / Math.PI

  const y = new Float64Array(nMag)
  const y2 = new Float64Array(nMag)
  const u = new Float64Array(nMag)
  const posmax = new Int32Array((nMag + 1) / 2 + 2)
  return {
    nPoints,
    minF: f32(minF),
    nOctaves: f32(nOctaves),
    pointsPerOctave: f32(ppo),
    fMinLog: f32(fminT),
    fMaxLog: f32(fmaxT),
    compute(mag, out) {
      for (let i = 0; i < nMag; i++) y[i] = mag[i]
      enhancePeaks(y, nMag, posmax)
      smooth121(y, nMag)
      // natural spline second derivatives (smileMath_cspline with y1p = ynp = 1e30)
      // the tridiagonal pivots p and the first-pass y2 depend only on the bin frequencies (cached above)
      // (both recurrences carry their previous value in a local, not through the array: the same operations
      // with a shorter dependency chain)
      u[0] = 0
      let uPrev = 0
      for (let i = 1; i < nMag - 1; i++) {
        const ut = (y[i + 1] - y[i]) / diff1[i] - (y[i] - y[i - 1]) / diff2[i]
        uPrev = pivot[i] * (6 * ut - sigma[i] * uPrev)
        u[i] = uPrev
      }
      let next = 0
      y2[nMag - 1] = 0
      for (let j = nMag - 2; j >= 0; j--) {
        next = y2First[j] * next + u[j]
        y2[j] = next
      }
      for (let i = 0; i < nPoints; i++) {
        const k = kIdx[i]
        const a = ca[i]
        const v = f32(a * y[k] + (1 - a) * y[k + 1] + cc[i] * y2[k] + cd[i] * y2[k + 1])
        out[i] = v > 0 ? f32(v * audw[i]) : 0
      }
    }
  }
}
