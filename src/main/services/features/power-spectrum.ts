/**
 * Frames → power spectra, in the precision the options ask for; follows Kaldi feat/feature-functions.cc
 * ComputePowerSpectrum (|X[k]|² for k = 0 … P/2) after feat/feature-window.cc framing. 'float' runs
 * kaldi-native-fbank's float32 path (frame-window.ts createFrameProcessorF32 + kiss-fft.ts); 'double' runs the
 * float64 framing and fft.ts (or, for a frame size that is not a power of two, a direct float64 DFT).
 */
import type { FrameOptions } from '../../../shared/domain/features'
import { createRealFft, isPowerOfTwo } from './fft'
import type { FrameGeometry } from './frame-window'
import { createFrameProcessor, createFrameProcessorF32, logEnergyOf, logEnergyOfF32 } from './frame-window'
import { createKissFftr } from './kiss-fftr'

/** Which log energy a frame reports: Kaldi's raw energy (before pre-emphasis and window), the windowed one, none */
export type EnergyKind = 'raw' | 'windowed' | 'none'

export interface SpectrumFrames {
  readonly geometry: FrameGeometry
  /** P/2 + 1 */
  readonly bins: number
  numFrames(numSamples: number): number
  /** Writes frame t's power spectrum into `power` (length bins); returns its log energy (0 for 'none'). */
  compute(samples: Float32Array, t: number, power: Float64Array): number
}

export function createSpectrumFrames(o: FrameOptions, inputScale: number, energy: EnergyKind): SpectrumFrames {
  return o.precision === 'float' ? floatFrames(o, inputScale, energy) : doubleFrames(o, inputScale, energy)
}

function floatFrames(o: FrameOptions, inputScale: number, energy: EnergyKind): SpectrumFrames {
  const frames = createFrameProcessorF32(o, inputScale)
  const { paddedSize, windowSize } = frames.geometry
  // kiss_fftr needs an even size; an odd one (round-to-power-of-two off) falls back to the float64 DFT
  if (paddedSize % 2 !== 0) return doubleFrames(o, inputScale, energy)
  const fft = createKissFftr(paddedSize)
  const buf = new Float32Array(paddedSize)
  return {
    geometry: frames.geometry,
    bins: paddedSize / 2 + 1,
    numFrames: frames.numFrames,
    compute(samples, t, power) {
      let e = frames.process(samples, t, buf, energy === 'raw')
      if (energy === 'windowed') e = logEnergyOfF32(buf, windowSize)
      fft.powerSpectrum(buf, power)
      return e
    }
  }
}

function doubleFrames(o: FrameOptions, inputScale: number, energy: EnergyKind): SpectrumFrames {
  const frames = createFrameProcessor(o, inputScale)
  const { paddedSize, windowSize } = frames.geometry
  const buf = new Float64Array(paddedSize)
  const transform =
    isPowerOfTwo(paddedSize) && paddedSize >= 4 ? createRealFft(paddedSize).powerSpectrum : createDftPower(paddedSize)
  return {
    geometry: frames.geometry,
    bins: (paddedSize >> 1) + 1,
    numFrames: frames.numFrames,
    compute(samples, t, power) {
      let e = frames.process(samples, t, buf, energy === 'raw')
      if (energy === 'windowed') e = logEnergyOf(buf, windowSize)
      transform(buf, power)
      return e
    }
  }
}

/** |DFT|² by the definition, O(N²): only for frame sizes that are not powers of two (round-to-power-of-two off). */
function createDftPower(n: number): (input: Float64Array, power: Float64Array) => void {
  const cos = new Float64Array(n)
  const sin = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n)
    sin[i] = Math.sin((2 * Math.PI * i) / n)
  }
  return (input, power) => {
    for (let k = 0; k <= n >> 1; k++) {
      let re = 0
      let im = 0
      for (let j = 0, idx = 0; j < n; j++, idx = (idx + k) % n) {
        re += input[j] * cos[idx]
        im -= input[j] * sin[idx]
      }
      power[k] = re * re + im * im
    }
  }
}
