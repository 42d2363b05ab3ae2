/**
 * The interop area's long jobs (docs/interop.md): dataset exports with progress as `interop.exportProgress` events.
 * Feature sets are the trainer's kinds (services.features) and, where given, `encoder:PATH.onnx` (an encoder source).
 */
import type { ExportDatasetRequest, ExportDatasetResult } from '../../../shared/api/interop'
import type { TrainFeatures } from '../../../shared/domain/training'
import { TRAIN_FEATURES } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { RunSource } from '../training/stored-run'
import type { EventBus } from '../runtime/event-bus'
import type { FeatureSource } from '../training/dataset'
import type { ExportFeatures } from './dataset-export'
import { exportDataset } from './dataset-export'

export interface InteropServiceDeps {
  corpus: CorpusIndex
  features: FeatureSource
  /** `encoder:…` feature sets, when the encoder area is wired in */
  encoders?: ExportFeatures
  runs: RunSource
  events: EventBus
}

export interface InteropService {
  exportDataset(req: ExportDatasetRequest, signal?: AbortSignal): Promise<ExportDatasetResult>
}

export function createInteropService(deps: InteropServiceDeps): InteropService {
  const isTrain = (kind: string): kind is TrainFeatures => (TRAIN_FEATURES as readonly string[]).includes(kind)
  const pick = (kind: string): ExportFeatures => {
    if (isTrain(kind))
      return {
        ensureAll: (k, o) => deps.features.ensureAll(k as TrainFeatures, o),
        matrix: (id, k) => deps.features.matrix(id, k as TrainFeatures)
      }
    if (kind.startsWith('encoder:') && deps.encoders) return deps.encoders
    throw new SerError(
      'FIELD_INVALID',
      `features: '${kind}' is not a feature set here (${TRAIN_FEATURES.join(', ')}, encoder:PATH.onnx)`,
      { field: 'features' }
    )
  }
  const features: ExportFeatures = {
    ensureAll: (kind, o) => pick(kind).ensureAll(kind, o),
    matrix: (id, kind) => pick(kind).matrix(id, kind)
  }
  return {
    exportDataset: (req, signal) =>
      exportDataset(
        { corpus: deps.corpus, features, runs: deps.runs },
        req,
        (p) => deps.events.emit('interop.exportProgress', p),
        signal
      )
  }
}
