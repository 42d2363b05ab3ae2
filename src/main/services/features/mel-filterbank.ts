/**
 * The triangular Mel filterbank; follows Kaldi feat/mel-computations.cc MelBanks (without VTLN warping):
 * mel(f) = 1127·ln(1 + f/700); numMelBins triangles equally spaced in mel between mel(lowFreq) and mel(highFreq),
 * each rising from its left edge to its centre and falling to its right edge, with the weights computed in the
 * mel domain; FFT bins 0 … P/2 − 1 only (Kaldi leaves the Nyquist bin out). Built once per configuration.
 * 'float' builds and applies the banks in float32 as kaldi-native-fbank's InitKaldiMelBanks/Compute do (1127.0f ·
 * logf(1 + f/700.0f), float sums); 'double' in float64.
 */
import type { MelOptions, Precision } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import { logf } from './float-log'

const f = Math.fround

export function melScale(hz: number): number {
  return 1127 * Math.log(1 + hz / 700)
}

/** KNF MelScale in float: 1127.0f * logf(1.0f + freq / 700.0f) */
function melScaleF32(hz: number): number {
  return f(1127 * logf(f(1 + f(hz / 700))))
}

export function inverseMelScale(mel: number): number {
  return 700 * (Math.exp(mel / 1127) - 1)
}

export interface MelBanks {
  readonly numBins: number
  /** FFT bins the banks read: P/2 (bin P/2, Nyquist, is never used) */
  readonly fftBins: number
  /** Per bank, its first FFT bin and its weights (non-zero run only) */
  readonly first: Int32Array
  readonly weights: Float64Array[]
  /** Bank centre frequencies in Hz, for column names and the UI */
  readonly centerHz: Float64Array
  /** out[offset + b] = Σ_k power[first_b + k]·weights_b[k] */
  compute(power: Float64Array, out: Float64Array, offset?: number): void
}

/**
 * The float banks: out[offset + b] = Σ_k weights_b[k]·power[first_b + k] as KNF's float sums. Module-level, with
 * its inputs as arguments: a closure per configuration (fbank's 26 banks and MFCC's 23 in one process) would read
 * them from a context TurboFan no longer specialises once a second closure exists (0.67 → 0.78 µs a frame).
 */
function melBanksF32(
  weights: Float64Array[],
  first: Int32Array,
  power: Float64Array,
  out: Float64Array,
  offset: number
): void {
  const numBins = first.length
  // two banks per pass: each bank's float sum is a chain of dependent roundings, two chains overlap
  let b = 0
  for (; b + 1 < numBins; b += 2) {
    const w0 = weights[b]
    const w1 = weights[b + 1]
    const s0 = first[b]
    const s1 = first[b + 1]
    const common = Math.min(w0.length, w1.length)
    let e0 = 0
    let e1 = 0
    for (let k = 0; k < common; k++) {
      e0 = f(e0 + f(w0[k] * power[s0 + k]))
      e1 = f(e1 + f(w1[k] * power[s1 + k]))
    }
    for (let k = common; k < w0.length; k++) e0 = f(e0 + f(w0[k] * power[s0 + k]))
    for (let k = common; k < w1.length; k++) e1 = f(e1 + f(w1[k] * power[s1 + k]))
    out[offset + b] = e0
    out[offset + b + 1] = e1
  }
  if (b < numBins) {
    const w = weights[b]
    const s = first[b]
    let e = 0
    for (let k = 0; k < w.length; k++) e = f(e + f(w[k] * power[s + k]))
    out[offset + b] = e
  }
}

const cache = new Map<string, MelBanks>()

/** Kaldi's high-frequency rule: highFreq > 0 is absolute, ≤ 0 is an offset from Nyquist. */
export function effectiveHighFreq(highFreq: number, sampleFrequency: number): number {
  return highFreq > 0 ? highFreq : 0.5 * sampleFrequency + highFreq
}

export function getMelBanks(
  o: MelOptions,
  sampleFrequency: number,
  paddedSize: number,
  precision: Precision = 'double'
): MelBanks {
  const key = `${o.numMelBins}:${o.lowFreq}:${o.highFreq}:${sampleFrequency}:${paddedSize}:${precision}`
  const hit = cache.get(key)
  if (hit) return hit
  const numBins = o.numMelBins
  if (!Number.isInteger(numBins) || numBins < 3) {
    throw new SerError('FIELD_INVALID', `numMelBins: must be an integer ≥ 3, got ${numBins}`, { field: 'numMelBins' })
  }
  const nyquist = 0.5 * sampleFrequency
  const low = o.lowFreq
  const high = effectiveHighFreq(o.highFreq, sampleFrequency)
  if (low < 0 || low >= nyquist || high <= 0 || high > nyquist || high <= low) {
    throw new SerError(
      'FIELD_INVALID',
      `lowFreq/highFreq: need 0 ≤ low-freq < high-freq ≤ ${nyquist} Hz (Nyquist), got ${low} and ${high} Hz`,
      { field: low < 0 || low >= nyquist ? 'lowFreq' : 'highFreq' }
    )
  }
  const fftBins = paddedSize >> 1
  const single = precision === 'float'
  // in 'float', every intermediate is rounded to float32 as the C++ float code rounds it
  const r = single ? f : (x: number): number => x
  const mel = single ? melScaleF32 : melScale
  const binWidth = r(sampleFrequency / paddedSize)
  const melLow = mel(r(low))
  const melHigh = mel(r(high))
  const delta = r(r(melHigh - melLow) / (numBins + 1))
  const first = new Int32Array(numBins)
  const weights: Float64Array[] = []
  const centerHz = new Float64Array(numBins)
  const binMel = new Float64Array(fftBins)
  for (let i = 0; i < fftBins; i++) binMel[i] = mel(r(binWidth * i))
  for (let b = 0; b < numBins; b++) {
    const left = r(melLow + r(b * delta))
    const center = r(melLow + r((b + 1) * delta))
    const right = r(melLow + r((b + 2) * delta))
    centerHz[b] = inverseMelScale(center)
    let firstIndex = -1
    let lastIndex = -1
    const w = new Float64Array(fftBins)
    for (let i = 0; i < fftBins; i++) {
      const m = binMel[i]
      if (m > left && m < right) {
        w[i] = m <= center ? r(r(m - left) / r(center - left)) : r(r(right - m) / r(right - center))
        if (firstIndex === -1) firstIndex = i
        lastIndex = i
      }
    }
    if (firstIndex === -1) {
      // Kaldi fails here too: a bank narrower than one FFT bin
      throw new SerError(
        'FIELD_INVALID',
        `numMelBins: ${numBins} banks leave bank ${b} without an FFT bin at P=${paddedSize}; use fewer bins`,
        {
          field: 'numMelBins'
        }
      )
    }
    first[b] = firstIndex
    weights.push(w.slice(firstIndex, lastIndex + 1))
  }
  const banks: MelBanks = {
    numBins,
    fftBins,
    first,
    weights,
    centerHz,
    compute: single
      ? (power, out, offset = 0) => melBanksF32(weights, first, power, out, offset)
      : (power, out, offset = 0) => {
          for (let b = 0; b < numBins; b++) {
            const w = weights[b]
            const s = first[b]
            let e = 0
            for (let k = 0; k < w.length; k++) e += power[s + k] * w[k]
            out[offset + b] = e
          }
        }
  }
  cache.set(key, banks)
  return banks
}
