/**
 * The 26-band Mel filterbank of eGeMAPSv02 (cMelspec, src/lldcore/melspec.cpp; sections gemapsv01b_melspec1 and
 * egemapsv02_melspecMfcc: nBands 26, lofreq 20 Hz, hifreq 8000 Hz, usePower 1, specScale mel). Both sections
 * build the same filters; they differ only in htkcompatible, which scales the MFCC copy by 32767² (see mfcc.ts).
 *
 * The filters follow cMelspec::computeFilters exactly, including its float32 arithmetic, its rounding of the cut-off
 * frequencies to FFT bins and its channel map (each bin feeds the rising slope of one band and the falling slope
 * of the next). With hifreq above Nyquist (8 kHz audio) the top edge falls back to Fs/2, as in openSMILE.
 */
const f32 = Math.fround

export interface MelBands {
  readonly nBands: number
  /** Centre frequencies in Hz (the field info cPlp reads to build its equal-loudness curve) */
  readonly centres: Float64Array
  /** Band powers of one power spectrum |X|², written into `out` (length nBands) */
  apply(power: Float64Array, out: Float64Array): void
}

function mel(f: number): number {
  return f > 0 ? 1127 * Math.log(1 + f / 700) : 0
}

/**
 * `bins` = FFT size/2 + 1; `fftFrameSec` = the frame duration the FFT level reports (framing.ts), from which
 * cMelspec reconstructs the bin spacing F0 = 1/fftFrameSec.
 */
export function createMelBands(bins: number, fftFrameSec: number, nBands = 26, loFreq = 20, hiFreq = 8000): MelBands {
  const N = f32((bins - 1) * 2)
  const F0 = f32(1 / fftFrameSec)
  const Fs = f32(N / fftFrameSec)
  let lo = f32(loFreq)
  let hi = f32(hiFreq)
  if (lo < 0 || lo > Fs / 2 || lo > hi) lo = 0
  if (hi < lo || hi > Fs / 2 || hi <= 0) hi = f32(Fs / 2)
  const loMel = f32(mel(lo))
  const hiMel = f32(mel(hi))
  const nLo = Math.min(bins, Math.max(0, Math.round(f32(lo / F0))))
  const nHi = Math.min(bins, Math.max(0, Math.round(f32(hi / F0))))
  const half = f32((hiMel - loMel) / f32(nBands + 1))
  const cfs = new Float64Array(nBands + 2)
  for (let m = 0; m <= nBands + 1; m++) cfs[m] = f32(loMel + f32(m * half))
  const binMel = (n: number): number => f32(mel(f32(n * F0)))

  // channel map: the band whose rising slope bin n lies on (−3: outside the filterbank)
  const chan = new Int32Array(bins)
  for (let n = 0, m = 0; n < bins; n++) {
    if (n <= nLo || n >= nHi) chan[n] = -3
    else {
      while (cfs[m] < binMel(n)) {
        if (m > nBands) break
        m++
      }
      chan[n] = m - 2
    }
  }
  // weight of bin n on the falling slope of band chan[n]; 1 − weight goes to band chan[n] + 1
  const coef = new Float64Array(bins)
  for (let n = nLo, m = 0; n < nHi; n++) {
    const nM = binMel(n)
    while (nM > cfs[m + 1] && m <= nBands) m++
    coef[n] = f32((cfs[m + 1] - nM) / (cfs[m + 1] - cfs[m]))
  }
  const centres = new Float64Array(nBands)
  for (let m = 1; m <= nBands; m++) centres[m - 1] = 700 * (Math.exp(cfs[m] / 1127) - 1)

  return {
    nBands,
    centres,
    apply(power, out) {
      out.fill(0, 0, nBands)
      for (let n = nLo; n < nHi; n++) {
        const m = chan[n]
        if (m <= -2) continue
        const a = power[n] * coef[n]
        if (m > -1) out[m] += a
        if (m < nBands - 1) out[m + 1] += power[n] - a
      }
    }
  }
}
