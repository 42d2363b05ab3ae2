/**
 * Mel-frequency cepstral coefficients; follows Kaldi feat/feature-mfcc.cc MfccComputer::Compute and
 * matrix/matrix-functions.cc ComputeDctMatrix: log Mel energies (floored at FLT_EPSILON) → orthonormal DCT-II
 * (row 0 = √(1/M), row k = √(2/M)·cos(πk(j + ½)/M)) truncated to numCeps rows → lifter 1 + (Q/2)·sin(πk/Q) →
 * with useEnergy the log energy replaces c0; htkCompat moves c0/energy last (c0 scaled by √2). In 'float' the
 * DCT is a float32 matrix applied with float sums, as kaldi-native-fbank does.
 */
import type { FeatureMatrix, MfccOptions } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import { logEnergyFloor } from './fbank'
import { logf } from './float-log'
import { FLT_EPSILON } from './frame-window'
import { getMelBanks } from './mel-filterbank'
import { createSpectrumFrames } from './power-spectrum'

const f = Math.fround
const dctCache = new Map<string, Float64Array>()

/**
 * The first `rows` rows of the M×M orthonormal DCT-II, row-major (rows × M). `single`: as KNF builds it, with the
 * normalisers √(1/M), √(2/M) rounded to float before they scale the (double) cosines, and each entry a float.
 */
export function dctMatrix(rows: number, m: number, single = false): Float64Array {
  const key = `${rows}:${m}:${single}`
  const hit = dctCache.get(key)
  if (hit) return hit
  const r = single ? f : (x: number): number => x
  const d = new Float64Array(rows * m)
  for (let j = 0; j < m; j++) d[j] = r(Math.sqrt(1 / m))
  const norm = r(Math.sqrt(2 / m))
  for (let k = 1; k < rows; k++) {
    for (let j = 0; j < m; j++) d[k * m + j] = r(norm * Math.cos((Math.PI / m) * (j + 0.5) * k))
  }
  dctCache.set(key, d)
  return d
}

/** Kaldi ComputeLifterCoeffs: 1 + (Q/2)·sin(πk/Q); all ones when Q = 0 (no liftering). */
export function lifterCoefficients(numCeps: number, q: number): Float64Array {
  const c = new Float64Array(numCeps)
  for (let k = 0; k < numCeps; k++) c[k] = q === 0 ? 1 : 1 + 0.5 * q * Math.sin((Math.PI * k) / q)
  return c
}

export function mfccNames(o: Pick<MfccOptions, 'numCeps' | 'useEnergy' | 'htkCompat'>): string[] {
  const c = Array.from({ length: o.numCeps }, (_, i) => `c${i}`)
  if (o.useEnergy) c[0] = 'log_energy'
  if (o.htkCompat) c.push(c.shift() as string)
  return c
}

export function computeMfcc(samples: Float32Array, o: MfccOptions, inputScale = 1): FeatureMatrix {
  if (!Number.isInteger(o.numCeps) || o.numCeps < 1 || o.numCeps > o.numMelBins) {
    throw new SerError(
      'FIELD_INVALID',
      `numCeps: must be an integer from 1 to num-mel-bins (${o.numMelBins}), got ${o.numCeps}`,
      {
        field: 'numCeps'
      }
    )
  }
  const single = o.precision === 'float'
  const frames = createSpectrumFrames(o, inputScale, o.useEnergy ? (o.rawEnergy ? 'raw' : 'windowed') : 'none')
  const banks = getMelBanks(o, o.sampleFrequency, frames.geometry.paddedSize, o.precision)
  const m = o.numMelBins
  const q = o.numCeps
  // KNF: lifter 1.0 + 0.5·Q·sin(πi/Q) with a float Q, evaluated in double, stored as float
  const dct = dctMatrix(q, m, single)
  const lifter = single
    ? Float64Array.from(lifterCoefficients(q, f(o.cepstralLifter)), f)
    : lifterCoefficients(q, o.cepstralLifter)
  const n = frames.numFrames(samples.length)
  const logFloor = logEnergyFloor(o.energyFloor, single)
  const data = new Float32Array(n * q)
  const power = new Float64Array(frames.bins)
  const mel = new Float64Array(m)
  const ceps = new Float64Array(q)
  for (let t = 0; t < n; t++) {
    const energy = frames.compute(samples, t, power)
    banks.compute(power, mel)
    if (single) {
      for (let b = 0; b < m; b++) mel[b] = logf(mel[b] > FLT_EPSILON ? mel[b] : FLT_EPSILON)
      // two rows per pass: each row's float sum is a chain of dependent roundings, two chains overlap
      let k = 0
      for (; k + 1 < q; k += 2) {
        let s0 = 0
        let s1 = 0
        for (let j = 0, r0 = k * m, r1 = r0 + m; j < m; j++) {
          s0 = f(s0 + f(dct[r0 + j] * mel[j]))
          s1 = f(s1 + f(dct[r1 + j] * mel[j]))
        }
        ceps[k] = f(s0 * lifter[k])
        ceps[k + 1] = f(s1 * lifter[k + 1])
      }
      if (k < q) {
        let s0 = 0
        for (let j = 0, r = k * m; j < m; j++) s0 = f(s0 + f(dct[r + j] * mel[j]))
        ceps[k] = f(s0 * lifter[k])
      }
    } else {
      for (let b = 0; b < m; b++) mel[b] = Math.log(mel[b] > FLT_EPSILON ? mel[b] : FLT_EPSILON)
      for (let k = 0; k < q; k++) {
        let s = 0
        for (let j = 0, r = k * m; j < m; j++) s += dct[r + j] * mel[j]
        ceps[k] = s * lifter[k]
      }
    }
    if (o.useEnergy) ceps[0] = energy < logFloor ? logFloor : energy
    const row = t * q
    if (o.htkCompat) {
      const c0 = o.useEnergy ? ceps[0] : ceps[0] * Math.SQRT2
      for (let k = 0; k < q - 1; k++) data[row + k] = ceps[k + 1]
      data[row + q - 1] = c0
    } else {
      for (let k = 0; k < q; k++) data[row + k] = ceps[k]
    }
  }
  return {
    frames: n,
    dims: q,
    data,
    frameShiftSec: frames.geometry.windowShift / o.sampleFrequency,
    names: mfccNames(o)
  }
}
