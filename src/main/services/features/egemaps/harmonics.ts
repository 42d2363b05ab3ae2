/**
 * Harmonic descriptors of the 60 ms Gaussian-window spectrum: openSMILE's cHarmonics (src/lld/harmonics.cpp),
 * section gemapsv01b_harmonics: nHarmonics 100, harmonicDifferences H1-H2 and H1-A3 (log), formant amplitudes
 * 1–3 relative to F0 (log), computeAcfHnrLogdB 1.
 *
 * - HNR (dB): the autocorrelation is the inverse FFT of the power spectrum; at the ACF peak nearest to lag fs/F0,
 *   HNR = 10·log10(r[T0] / (r[0] − r[T0])), clamped to [−90, 110] dB; 0 when unvoiced.
 * - Harmonics: for each multiple h·F0 (h = 1 … 100) the nearest spectral peak within ±½F0 is taken (cHarmonics'
 *   nonlinear-axis search, which is the branch openSMILE runs because the FFT level carries a frequency axis),
 *   refined by a parabola; magnitudes are in dB relative to the F0 bin's magnitude, floored at −200.
 *   Index 0 is F0 itself, so openSMILE's "H1-H2" is harmonic 1 minus harmonic 2 in that numbering.
 * - Formant amplitudes: the strongest harmonic within 0.8–1.2 × the formant frequency ("A3" for formant 3).
 * Unvoiced frames give 0 for the differences and −201 for the formant amplitudes (logRelValueFloorUnvoiced).
 */
import { createRealFft } from '../fft'
import type { Vertex } from './peak-interpolation'
import { quadVertex } from './peak-interpolation'

const N_HARM = 100
const UNVOICED_FLOOR = -201
/** Lags of one frame's autocorrelation summed directly before the whole of it is computed by FFT */
const MAX_DIRECT_LAGS = 24
const f32 = Math.fround

export interface HarmonicFeatures {
  hnr: number
  h1h2: number
  h1a3: number
  /** F1–F3 amplitude relative to F0, dB */
  formantAmp: [number, number, number]
}

export interface HarmonicsAnalyzer {
  /** `mag`: 60 ms magnitude spectrum; `f0`: Hz (0 = unvoiced); `formantFreq`: the frame's 5 formant slots */
  analyze(mag: Float64Array, f0: number, formantFreq: ArrayLike<number>, out: HarmonicFeatures): void
}

function isPeak(x: Float64Array, N: number, n: number): boolean {
  if (n >= N || n < 0) return false
  if (n + 1 < N) {
    if (n > 0) return x[n] > x[n - 1] && x[n] > x[n + 1]
    return x[0] > x[1]
  }
  return n > 0 && x[n] > x[n - 1]
}

export function createHarmonicsAnalyzer(bins: number, fftFrameSec: number): HarmonicsAnalyzer {
  const F0fft = 1 / fftFrameSec
  const frq = new Float64Array(bins)
  for (let i = 0; i < bins; i++) frq[i] = F0fft * i
  const N = (bins - 1) * 2
  const fft = createRealFft(N)
  const even = new Float64Array(N)
  const re = new Float64Array(bins)
  const im = new Float64Array(bins)
  const acf = new Float64Array(bins)
  const hBin = new Int32Array(N_HARM)
  const hFreq = new Float64Array(N_HARM)
  const hMag = new Float64Array(N_HARM)
  const hMagI = new Float64Array(N_HARM)
  const hLog = new Float64Array(N_HARM)
  const vertex: Vertex = { x: 0, y: 0, a: 0 }

  // cHarmonics::freqToBin: nearest bin, searching from startBin; 0 if freq is above the axis
  const fTop = frq[bins - 1]
  const freqToBin = (freq: number, startBin: number): number => {
    // no bin lies above a frequency at or past the top bin: openSMILE's scan would run to the end and return 0
    if (!(freq < fTop)) return 0
    // the first bin from startBin up whose frequency exceeds freq, as openSMILE's scan finds it: start from the
    // estimate freq/Δf and settle it on the table itself (frq increases, so this is the scan's answer)
    let b = Math.floor(freq / F0fft)
    if (b < 0) b = 0
    if (b > bins - 1) b = bins - 1
    while (b > 0 && frq[b - 1] > freq) b--
    while (b < bins && !(frq[b] > freq)) b++
    if (b < startBin) b = startBin
    if (b >= bins) return 0
    return frq[b] - freq > freq - frq[b - 1] ? b - 1 : b
  }
  // the autocorrelation r[j] = Σ_n e[n]·cos(2πjn/N) of the power spectrum's even extension e, evaluated only at
  // the lags the HNR reads (r[0] and the few around lag fs/F0 that the peak search visits): a handful of direct
  // sums instead of an N-point FFT per voiced frame. A frame whose search wanders further falls back to the FFT.
  const half = bins - 1
  const mask = N - 1
  const cosN = new Float64Array(N)
  for (let m = 0; m < N; m++) cosN[m] = Math.cos((2 * Math.PI * m) / N)
  const power = new Float64Array(bins)
  const acfStamp = new Int32Array(bins)
  let stamp = 0
  let lagsComputed = 0
  const allLags = (): void => {
    for (let k = 0; k < bins; k++) {
      even[k] = power[k]
      if (k > 0 && k < bins - 1) even[N - k] = power[k]
    }
    fft.forward(even, re, im)
    for (let j = 0; j < bins; j++) {
      acf[j] = f32(Math.abs(re[j] / 2) / bins)
      acfStamp[j] = stamp
    }
  }
  const acfAt = (j: number): number => {
    if (acfStamp[j] === stamp) return acf[j]
    if (++lagsComputed > MAX_DIRECT_LAGS) {
      allLags()
      return acf[j]
    }
    let sum = 0
    for (let k = 1, m = j; k < half; k++, m = (m + j) & mask) sum += power[k] * cosN[m]
    const r = power[0] + (j & 1 ? -power[half] : power[half]) + 2 * sum
    acf[j] = f32(Math.abs(r / 2) / bins)
    acfStamp[j] = stamp
    return acf[j]
  }
  const isAcfPeak = (n: number): boolean => {
    if (n >= bins || n < 0) return false
    if (n + 1 < bins) {
      if (n > 0) return acfAt(n) > acfAt(n - 1) && acfAt(n) > acfAt(n + 1)
      return acfAt(0) > acfAt(1)
    }
    return n > 0 && acfAt(n) > acfAt(n - 1)
  }
  /** The ACF peak nearest to lag idx (cHarmonics' search over the whole ACF, read lazily) */
  const closestAcfPeak = (idx: number): number => {
    const n = bins
    if (isAcfPeak(idx)) return idx
    for (let o = 1; idx - o > 0 || idx + o < n - 1; o++) {
      if (idx - o > 0 && isAcfPeak(idx - o)) return idx - o
      if (idx + o < n - 1 && isAcfPeak(idx + o)) return idx + o
    }
    const first = acfAt(0)
    const last = acfAt(n - 1)
    const at = acfAt(idx)
    if (first > at && last <= at) return 0
    if (first <= at && last > at) return n - 1
    if (first > at && last > at) return idx < n / 2 ? 0 : n - 1
    return idx
  }

  function hnr(mag: Float64Array, f0: number): number {
    // unvoiced: openSMILE computes the ACF but has no T0 lag to read it at, so the HNR is 0
    if (!(f0 > 0)) return 0
    // Ooura's inverse rdft of the power spectrum, |·|/nBins: half the FFT of its even extension
    for (let k = 0; k < bins; k++) power[k] = mag[k] * mag[k]
    stamp++
    lagsComputed = 0
    const fs = frq[bins - 1] * 2
    const acfBin = Math.floor(fs / f0)
    const b = acfBin > 0 ? closestAcfPeak(acfBin) : 0
    if (b <= 0) return 0
    const a0 = acfAt(0)
    const ab = acfAt(b)
    let r = a0 - ab
    r = r === 0 ? 10e10 : ab / r
    if (r > 10e10) return 10 * Math.log10(10e10)
    if (r < 10e-10) return 10 * Math.log10(10e-10)
    return 10 * Math.log10(r)
  }

  function findHarmonics(mag: Float64Array, f0: number): void {
    let lastBin = freqToBin(f32(0.5 * f0), 1)
    const firstBin = freqToBin(f32(0.5 * f0), lastBin)
    for (let i = 0; i < N_HARM; i++) {
      const cand = freqToBin(f32((i + 1) * f0), lastBin)
      hBin[i] = -1
      hFreq[i] = 0
      hMag[i] = 0
      hMagI[i] = 0
      if (cand >= bins) continue
      let peak = -1
      if (isPeak(mag, bins, cand)) peak = cand
      else {
        let l = cand - 1
        let r = cand + 1
        const lower = freqToBin(f32((i + 0.5) * f0), lastBin)
        const upper = freqToBin(f32((i + 1.5) * f0), cand)
        while ((l >= lower || r <= upper) && peak === -1) {
          if (r <= upper) {
            if (isPeak(mag, bins, r)) {
              peak = r
              break
            }
            r++
          }
          if (l >= lower) {
            if (isPeak(mag, bins, l)) {
              peak = l
              break
            }
            l--
          }
        }
      }
      if (peak >= firstBin && peak < bins - 1) {
        hBin[i] = peak
        hMag[i] = f32(mag[peak])
        const v = quadVertex(frq[peak - 1], mag[peak - 1], frq[peak], mag[peak], frq[peak + 1], mag[peak + 1], vertex)
        hFreq[i] = f32(v.x)
        hMagI[i] = f32(v.y)
      } else {
        hBin[i] = cand
      }
      lastBin = cand
    }
    // cHarmonics::postProcessHarmonics: dB relative to the F0 bin; duplicates of the previous bin are cleared
    // (the levels are taken lazily, logRel(i), as only a few harmonics are read: NaN marks one not taken yet)
    const ref = hMag[0]
    rel = ref !== 0
    refLog = rel ? f32(Math.log10(ref)) : 0
    hLog[0] = 0
    for (let i = 1; i < N_HARM; i++) {
      hLog[i] = rel ? NaN : UNVOICED_FLOOR
      if (hBin[i] === hBin[i - 1]) {
        hBin[i] = 0
        hFreq[i] = 0
        hMag[i] = 0
        hMagI[i] = 0
        hLog[i] = UNVOICED_FLOOR
      }
    }
  }

  let rel = false
  let refLog = 0
  /** Harmonic i's level in dB relative to the F0 bin (postProcessHarmonics), floored at −200 */
  const logRel = (i: number): number => {
    const v = hLog[i]
    if (v === v) return v
    const l = hMagI[i] > 0 ? Math.max(-200, f32(20 * (Math.log10(hMagI[i]) - refLog))) : -200
    hLog[i] = l
    return l
  }

  /** Index of the strongest harmonic within 0.8–1.2 × fc, or −1 */
  const formantHarmonic = (fc: number): number => {
    const lo = f32(0.8 * f32(fc))
    const hi = f32(1.2 * f32(fc))
    let best = -1
    let bestMag = 0
    for (let h = 0; h < N_HARM; h++) {
      if (hFreq[h] >= lo && hFreq[h] <= hi && hMag[h] > bestMag) {
        best = h
        bestMag = hMag[h]
      }
    }
    return best
  }
  const clamp201 = (v: number): number => Math.min(201, Math.max(-201, v))

  return {
    analyze(mag, f0, formantFreq, out) {
      out.hnr = hnr(mag, f0)
      if (!(f0 > 0)) {
        out.h1h2 = 0
        out.h1a3 = 0
        out.formantAmp[0] = out.formantAmp[1] = out.formantAmp[2] = UNVOICED_FLOOR
        return
      }
      findHarmonics(mag, f0)
      out.h1h2 = clamp201(logRel(1) - logRel(2))
      const a3 = formantHarmonic(formantFreq[2])
      // H1-A3 with no harmonic under F3: cHarmonics' "h1 valid only" branch
      out.h1a3 = a3 >= 0 ? clamp201(logRel(1) - logRel(a3)) : clamp201(f32(logRel(1) - 201))
      for (let f = 0; f < 3; f++) {
        const h = formantHarmonic(formantFreq[f])
        out.formantAmp[f] = h >= 0 ? logRel(h) : 0
      }
    }
  }
}
