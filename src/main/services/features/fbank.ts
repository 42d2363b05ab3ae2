/**
 * Log-Mel filterbank energies; follows Kaldi feat/feature-fbank.cc FbankComputer::Compute over the frames of
 * feat/feature-common-inl.h OfflineFeatureTpl: per frame, the power (or magnitude) spectrum, the Mel banks,
 * log(max(e, FLT_EPSILON)), and with useEnergy the log energy in column 0 (last with htkCompat).
 */
import type { FbankOptions, FeatureMatrix } from '../../../shared/domain/features'
import { createRealFft } from './fft'
import { createFrameProcessor, FLT_EPSILON, logEnergyOf } from './frame-window'
import { getMelBanks } from './mel-filterbank'

export function fbankNames(o: Pick<FbankOptions, 'numMelBins' | 'useEnergy' | 'htkCompat'>): string[] {
  const bands = Array.from({ length: o.numMelBins }, (_, i) => `fb${i}`)
  if (!o.useEnergy) return bands
  return o.htkCompat ? [...bands, 'log_energy'] : ['log_energy', ...bands]
}

/**
 * Fbank features of one channel. `inputScale` multiplies the samples first: 32768 (KALDI_SAMPLE_SCALE) for the
 * decoder's [-1, 1) floats, 1 for samples already in Kaldi's int16 range.
 */
export function computeFbank(samples: Float32Array, o: FbankOptions, inputScale = 1): FeatureMatrix {
  const frames = createFrameProcessor(o, inputScale)
  const { paddedSize, windowSize } = frames.geometry
  const banks = getMelBanks(o, o.sampleFrequency, paddedSize)
  const fft = createRealFft(paddedSize)
  const n = frames.numFrames(samples.length)
  const dims = o.numMelBins + (o.useEnergy ? 1 : 0)
  const melOffset = o.useEnergy && !o.htkCompat ? 1 : 0
  const energyIndex = o.htkCompat ? o.numMelBins : 0
  const logFloor = o.energyFloor > 0 ? Math.log(o.energyFloor) : -Infinity
  const data = new Float32Array(n * dims)
  const frame = new Float64Array(paddedSize)
  const power = new Float64Array(paddedSize / 2 + 1)
  const mel = new Float64Array(o.numMelBins)
  const wantRaw = o.useEnergy && o.rawEnergy
  for (let t = 0; t < n; t++) {
    let energy = frames.process(samples, t, frame, wantRaw)
    if (o.useEnergy && !o.rawEnergy) energy = logEnergyOf(frame, windowSize)
    fft.powerSpectrum(frame, power)
    if (!o.usePower) for (let k = 0; k < power.length; k++) power[k] = Math.sqrt(power[k])
    banks.compute(power, mel)
    const row = t * dims
    for (let b = 0; b < mel.length; b++) {
      data[row + melOffset + b] = o.useLogFbank ? Math.log(mel[b] > FLT_EPSILON ? mel[b] : FLT_EPSILON) : mel[b]
    }
    if (o.useEnergy) data[row + energyIndex] = energy < logFloor ? logFloor : energy
  }
  return { frames: n, dims, data, frameShiftSec: frames.geometry.windowShift / o.sampleFrequency, names: fbankNames(o) }
}
