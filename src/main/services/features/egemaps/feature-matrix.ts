/**
 * eGeMAPS as the workbench's FeatureMatrix (src/shared/domain/features.ts), for the `egemaps-lld` and `egemaps`
 * feature kinds (feature-kinds.ts): the 25 LLDs one row per 10 ms frame, or the 88 functionals as one row.
 */
import type { FeatureMatrix } from '../../../../shared/domain/features'
import { computeEgemapsFunctionals, computeEgemapsLld } from './index'

export function egemapsLldMatrix(samples: Float32Array, sampleRate: number): FeatureMatrix {
  const l = computeEgemapsLld(samples, sampleRate)
  // rows are 10 ms apart in openSMILE's level period; the sample step is round(0.01·fs) (221 at 22.05 kHz)
  const shift = l.frames > 1 ? l.frameTimes[1] - l.frameTimes[0] : Math.round(0.01 * sampleRate) / sampleRate
  return { frames: l.frames, dims: l.names.length, data: l.data, frameShiftSec: shift, names: l.names }
}

export function egemapsFunctionalsMatrix(samples: Float32Array, sampleRate: number): FeatureMatrix {
  const f = computeEgemapsFunctionals(samples, sampleRate)
  return { frames: 1, dims: f.names.length, data: Float32Array.from(f.values), frameShiftSec: 0, names: f.names }
}
