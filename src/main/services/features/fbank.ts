/**
 * Log-Mel filterbank energies; follows Kaldi feat/feature-fbank.cc FbankComputer::Compute over the frames of
 * feat/feature-common-inl.h OfflineFeatureTpl: per frame, the power (or magnitude) spectrum, the Mel banks,
 * log(max(e, FLT_EPSILON)), and with useEnergy the log energy in column 0 (last with htkCompat).
 */
import type { FbankOptions, FeatureMatrix } from '../../../shared/domain/features'
import { logf } from './float-log'
import { FLT_EPSILON } from './frame-window'
import { getMelBanks } from './mel-filterbank'
import { createSpectrumFrames } from './power-spectrum'

export function fbankNames(o: Pick<FbankOptions, 'numMelBins' | 'useEnergy' | 'htkCompat'>): string[] {
  const bands = Array.from({ length: o.numMelBins }, (_, i) => `fb${i}`)
  if (!o.useEnergy) return bands
  return o.htkCompat ? [...bands, 'log_energy'] : ['log_energy', ...bands]
}

/** Kaldi's floor under the log energy: log(energyFloor) when energyFloor > 0, else none (in BaseFloat). */
export function logEnergyFloor(energyFloor: number, single: boolean): number {
  if (!(energyFloor > 0)) return -Infinity
  return single ? logf(energyFloor) : Math.log(energyFloor)
}

/**
 * Fbank features of one channel. `inputScale` multiplies the samples first: 32768 (KALDI_SAMPLE_SCALE) for the
 * decoder's [-1, 1) floats, 1 for samples already in Kaldi's int16 range.
 */
export function computeFbank(samples: Float32Array, o: FbankOptions, inputScale = 1): FeatureMatrix {
  const single = o.precision === 'float'
  const frames = createSpectrumFrames(o, inputScale, o.useEnergy ? (o.rawEnergy ? 'raw' : 'windowed') : 'none')
  const banks = getMelBanks(o, o.sampleFrequency, frames.geometry.paddedSize, o.precision)
  const n = frames.numFrames(samples.length)
  const dims = o.numMelBins + (o.useEnergy ? 1 : 0)
  const melOffset = o.useEnergy && !o.htkCompat ? 1 : 0
  const energyIndex = o.htkCompat ? o.numMelBins : 0
  const logFloor = logEnergyFloor(o.energyFloor, single)
  const data = new Float32Array(n * dims)
  const power = new Float64Array(frames.bins)
  const mel = new Float64Array(o.numMelBins)
  for (let t = 0; t < n; t++) {
    const energy = frames.compute(samples, t, power)
    if (!o.usePower)
      for (let k = 0; k < power.length; k++) power[k] = single ? Math.fround(Math.sqrt(power[k])) : Math.sqrt(power[k])
    banks.compute(power, mel)
    const row = t * dims + melOffset
    const log = single ? logf : Math.log
    if (o.useLogFbank)
      for (let b = 0; b < mel.length; b++) data[row + b] = log(mel[b] > FLT_EPSILON ? mel[b] : FLT_EPSILON)
    else for (let b = 0; b < mel.length; b++) data[row + b] = mel[b]
    if (o.useEnergy) data[t * dims + energyIndex] = energy < logFloor ? logFloor : energy
  }
  return { frames: n, dims, data, frameShiftSec: frames.geometry.windowShift / o.sampleFrequency, names: fbankNames(o) }
}
