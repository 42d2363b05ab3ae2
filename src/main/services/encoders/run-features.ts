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
  const matrix: FeatureSource['matrix'] & FunctionalsSource['matrix'] = (id, kind) =>
    isEncoderFeatures(kind) ? encoders.matrix(id, kind) : features.matrix(id, kind)
  return { ensureAll, matrix }
}
