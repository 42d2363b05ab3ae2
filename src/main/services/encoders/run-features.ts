/**
 * The feature source runs read from (training, held-out scoring, exports): the paper's kinds from the feature
 * service, `encoder:…` kinds from the encoder features (docs/encoders.md).
 */
import { isEncoderFeatures } from '../../../shared/domain/encoders'
import type { FunctionalsSource } from '../baseline/functionals'
import type { FeatureService } from '../features/feature-service'
import type { FeatureSource } from '../training/dataset'
import type { EncoderFeatures } from './encoder-features'

/** Also the baseline's eGeMAPS functionals (services/baseline), which only the feature service computes */
export function createRunFeatureSource(
  features: FeatureService,
  encoders: EncoderFeatures
): FeatureSource & FunctionalsSource {
  const ensureAll: FeatureSource['ensureAll'] & FunctionalsSource['ensureAll'] = (kind, opts) =>
    isEncoderFeatures(kind) ? encoders.ensureAll(kind, opts) : features.ensureAll(kind, opts)
  // speed perturbation (opts.speed) applies to the paper's kinds only: run-config refuses it with an encoder
  const matrix: FeatureSource['matrix'] & FunctionalsSource['matrix'] = (id, kind, opts?: { speed?: number }) =>
    isEncoderFeatures(kind) ? encoders.matrix(id, kind) : features.matrix(id, kind, opts)
  return { ensureAll, matrix }
}
