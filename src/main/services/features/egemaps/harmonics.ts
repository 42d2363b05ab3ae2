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
import { quadFrom3pts } from './peak-interpolation'

const N_HARM = 100
const UNVOICED_FLOOR = -201
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

  // cHarmonics::freqToBin: nearest bin, searching from startBin; 0 if freq is above the axis
  const fTop = frq[bins - 1]
  const freqToBin = (freq: number, startBin: number): number => {
    // no bin lies above a frequency at or past the top bin: openSMILE's scan would run to the end and return 0
    if (!(freq < fTop)) return 0
    for (let b = startBin; b < bins; b++) {
      if (frq[b] > freq) return frq[b] - freq > freq - frq[b - 1] ? b - 1 : b
    }
    return 0
  }
  const closestPeak = (x: Float64Array, n: number, idx: number): number => {
    if (isPeak(x, n, idx)) return idx
    for (let o = 1; idx - o > 0 || idx + o < n - 1; o++) {
      if (idx - o > 0 && isPeak(x, n, idx - o)) return idx - o
      if (idx + o < n - 1 && isPeak(x, n, idx + o)) return idx + o
    }
    if (x[0] > x[idx] && x[n - 1] <= x[idx]) return 0
    if (x[0] <= x[idx] && x[n - 1] > x[idx]) return n - 1
    if (x[0] > x[idx] && x[n - 1] > x[idx]) return idx < n / 2 ? 0 : n - 1
    return idx
  }

  function hnr(mag: Float64Array, f0: number): number {
    // unvoiced: openSMILE computes the ACF but has no T0 lag to read it at, so the HNR is 0
    if (!(f0 > 0)) return 0
    // Ooura's inverse rdft of the power spectrum, |·|/nBins: half the FFT of its even extension
    for (let k = 0; k < bins; k++) {
      const p = mag[k] * mag[k]
      even[k] = p
      if (k > 0 && k < bins - 1) even[N - k] = p
    }
    fft.forward(even, re, im)
    for (let j = 0; j < bins; j++) acf[j] = f32(Math.abs(re[j] / 2) / bins)
    const fs = frq[bins - 1] * 2
    const acfBin = Math.floor(fs / f0)
    const b = acfBin > 0 ? closestPeak(acf, bins, acfBin) : 0
    if (b <= 0) return 0
    let r = acf[0] - acf[b]
    r = r === 0 ? 10e10 : acf[b] / r
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
        const v = quadFrom3pts(frq[peak - 1], mag[peak - 1], frq[peak], mag[peak], frq[peak + 1], mag[peak + 1])
        hFreq[i] = f32(v.x)
        hMagI[i] = f32(v.y)
      } else {
        hBin[i] = cand
      }
      lastBin = cand
    }
    // cHarmonics::postProcessHarmonics: dB relative to the F0 bin; duplicates of the previous bin are cleared
    const ref = hMag[0]
    const rel = ref !== 0
    const refLog = rel ? f32(Math.log10(ref)) : 0
    hLog[0] = 0
    for (let i = 1; i < N_HARM; i++) {
      if (rel) hLog[i] = hMagI[i] > 0 ? Math.max(-200, f32(20 * (Math.log10(hMagI[i]) - refLog))) : -200
      else hLog[i] = UNVOICED_FLOOR
      if (hBin[i] === hBin[i - 1]) {
        hBin[i] = 0
        hFreq[i] = 0
        hMag[i] = 0
        hMagI[i] = 0
        hLog[i] = UNVOICED_FLOOR
      }
    }
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
      out.h1h2 = clamp201(hLog[1] - hLog[2])
      const a3 = formantHarmonic(formantFreq[2])
      // H1-A3 with no harmonic under F3: cHarmonics' "h1 valid only" branch
      out.h1a3 = a3 >= 0 ? clamp201(hLog[1] - hLog[a3]) : clamp201(f32(hLog[1] - 201))
      for (let f = 0; f < 3; f++) {
        const h = formantHarmonic(formantFreq[f])
        out.formantAmp[f] = h >= 0 ? hLog[h] : 0
      }
    }
  }
}
