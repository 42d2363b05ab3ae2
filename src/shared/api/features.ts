import { z } from 'zod'
import { TRAIN_FEATURES } from '../domain/training'
import type { TrainFeatures } from '../domain/training'
import type { JobProgress } from './common'
import { Id } from './common'

/**
 * Features: compute and cache a corpus feature set (logmel, mfcc, egemaps) for the utterances in the index, with
 * progress as events and cancellation by kind. One file's features are `ser features FILE`; the display
 * spectrogram is a media resource (shared/api/media.ts).
 */
export const ComputeFeaturesRequest = z
  .object({
    kind: z.enum(TRAIN_FEATURES),
    /** Default: every utterance in the index */
    ids: z.array(Id).min(1).max(100_000).optional()
  })
  .strict()

export const CancelFeaturesRequest = z.object({ kind: z.enum(TRAIN_FEATURES) }).strict()

export interface ComputeFeaturesResult {
  kind: TrainFeatures
  /** Matrices computed by this call */
  computed: number
  /** Matrices already cached and still valid (same audio file, same configuration) */
  cached: number
  failed: { id: string; error: string }[]
}

export interface FeaturesProgress extends JobProgress {
  kind: TrainFeatures
}

export const featuresRequests = {
  'features.computeAll': ComputeFeaturesRequest,
  'features.cancel': CancelFeaturesRequest
}

export interface FeaturesApi {
  /** Resolves when done; CANCELLED if `features.cancel` stopped it (what was computed stays cached) */
  'features.computeAll': { req: z.infer<typeof ComputeFeaturesRequest>; res: ComputeFeaturesResult }
  'features.cancel': { req: z.infer<typeof CancelFeaturesRequest>; res: { cancelled: boolean } }
}

export interface FeaturesEvents {
  'features.progress': [progress: FeaturesProgress]
}
