/**
 * The feature source runs read from (training, held-out scoring, exports): the paper's kinds from the feature
 * service, `encoder:…` kinds from the encoder features (docs/encoders.md).
 */
import { isEncoderFeatures } from '../../../shared/domain/encoders'
import type { FeatureService } from '../features/feature-service'
import type { FeatureSource } from '../training/dataset'
import type { EncoderFeatures } from './encoder-features'

export function createRunFeatureSource(features: FeatureService, encoders: EncoderFeatures): FeatureSource {
  return {
    ensureAll: (kind, opts) =>
      isEncoderFeatures(kind) ? encoders.ensureAll(kind, opts) : features.ensureAll(kind, opts),
    matrix: (id, kind) => (isEncoderFeatures(kind) ? encoders.matrix(id, kind) : features.matrix(id, kind))
  }
}
