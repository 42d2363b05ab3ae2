/**
 * Kaldi-style speed perturbation (Ko et al. 2015; Kaldi's `sox speed`): the signal played back `factor` times as
 * fast — tempo and pitch change together, the duration becomes 1/factor of the original. It is resampling: the
 * samples are read as if recorded at rate·factor and converted back to rate with the project's band-limited sinc
 * resampler (resample.ts). Deterministic: no randomness is involved, the same input and factor give the same output.
 */
import { resample } from './resample'

export function speedPerturb(samples: Float32Array, sampleRate: number, factor: number): Float32Array {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new RangeError(`speed factor must be a positive number, got ${factor}`)
  if (factor === 1) return samples
  // integer rates for the polyphase filter: factor·rate rounded (0.9 · 16000 = 14400 exactly)
  return resample(samples, Math.round(sampleRate * factor), sampleRate)
}
