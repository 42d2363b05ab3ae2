/**
 * Mel-frequency cepstral coefficients; follows Kaldi feat/feature-mfcc.cc MfccComputer::Compute and
 * matrix/matrix-functions.cc ComputeDctMatrix: log Mel energies (floored at FLT_EPSILON) → orthonormal DCT-II
 * (row 0 = √(1/M), row k = √(2/M)·cos(πk(j + ½)/M)) truncated to numCeps rows → lifter 1 + (Q/2)·sin(πk/Q) →
 * with useEnergy the log energy replaces c0; htkCompat moves c0/energy last (c0 scaled by √2).
 */
import type { FeatureMatrix, MfccOptions } from '../../../shared/domain/features'
import { SerError } from '../../../shared/errors'
import { createRealFft } from './fft'
import { createFrameProcessor, FLT_EPSILON, logEnergyOf } from './frame-window'
import { getMelBanks } from './mel-filterbank'

const dctCache = new Map<string, Float64Array>()

/** The first `rows` rows of the M×M orthonormal DCT-II, row-major (rows × M). */
export function dctMatrix(rows: number, m: number): Float64Array {
  const key = `${rows}:${m}`
  const hit = dctCache.get(key)
  if (hit) return hit
  const d = new Float64Array(rows * m)
  for (let j = 0; j < m; j++) d[j] = Math.sqrt(1 / m)
  for (let k = 1; k < rows; k++) {
    for (let j = 0; j < m; j++) d[k * m + j] = Math.sqrt(2 / m) * Math.cos((Math.PI / m) * (j + 0.5) * k)
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
    throw new SerError('FIELD_INVALID', `numCeps: must be an integer from 1 to num-mel-bins (${o.numMelBins}), got ${o.numCeps}`, {
      field: 'numCeps'
    })
  }
  const frames = createFrameProcessor(o, inputScale)
  const { paddedSize, windowSize } = frames.geometry
  const banks = getMelBanks(o, o.sampleFrequency, paddedSize)
  const fft = createRealFft(paddedSize)
  const m = o.numMelBins
  const q = o.numCeps
  const dct = dctMatrix(q, m)
  const lifter = lifterCoefficients(q, o.cepstralLifter)
  const n = frames.numFrames(samples.length)
  const logFloor = o.energyFloor > 0 ? Math.log(o.energyFloor) : -Infinity
  const data = new Float32Array(n * q)
  const frame = new Float64Array(paddedSize)
  const power = new Float64Array(paddedSize / 2 + 1)
  const mel = new Float64Array(m)
  const ceps = new Float64Array(q)
  const wantRaw = o.useEnergy && o.rawEnergy
  for (let t = 0; t < n; t++) {
    let energy = frames.process(samples, t, frame, wantRaw)
    if (o.useEnergy && !o.rawEnergy) energy = logEnergyOf(frame, windowSize)
    fft.powerSpectrum(frame, power)
    banks.compute(power, mel)
    for (let b = 0; b < m; b++) mel[b] = Math.log(mel[b] > FLT_EPSILON ? mel[b] : FLT_EPSILON)
    for (let k = 0; k < q; k++) {
      let s = 0
      const r = k * m
      for (let j = 0; j < m; j++) s += dct[r + j] * mel[j]
      ceps[k] = s * lifter[k]
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
  return { frames: n, dims: q, data, frameShiftSec: frames.geometry.windowShift / o.sampleFrequency, names: mfccNames(o) }
}
