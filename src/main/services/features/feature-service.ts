/**
 * Corpus features for the trainer and the UI: every utterance's matrix for a feature set, computed once per
 * (utterance, feature config) and kept in the feature cache; the display spectrogram for the media route.
 */
import type { JobProgress } from '../../../shared/api/common'
import type { FeatureMatrix, SpectrogramOptions } from '../../../shared/domain/features'
import type { TrainFeatures } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import { loadMono } from '../audio/read-audio'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { Db } from '../db/open-db'
import { computeCorpusFeatures } from './corpus-features'
import { spectrogramBinary } from './spectrogram'

export type { FeatureMatrix } from '../../../shared/domain/features'

export interface EnsureAllOptions {
  /** Utterances to cover; default every utterance in the index */
  ids?: string[]
  onProgress?: (p: JobProgress) => void
  signal?: AbortSignal
}

export interface EnsureAllResult {
  kind: TrainFeatures
  /** Matrices computed now */
  computed: number
  /** Matrices that were already in the cache and still valid */
  cached: number
  failed: { id: string; error: string }[]
}

export interface FeatureService {
  /** Computes and caches what is missing or stale; per-utterance failures are listed, not thrown */
  ensureAll(kind: TrainFeatures, opts?: EnsureAllOptions): Promise<EnsureAllResult>
  /** One utterance's features, from the cache, computing and storing them if missing */
  matrix(id: string, kind: TrainFeatures): Promise<FeatureMatrix>
  /** The display binary (spectrogram.ts SPG1 format) for the media route */
  spectrogram(id: string, opts?: Partial<SpectrogramOptions>): Promise<Uint8Array>
}

export interface FeatureServiceDeps {
  db: Db
  corpus: CorpusIndex
}

export function createFeatureService(deps: FeatureServiceDeps): FeatureService {
  const { corpus } = deps
  let jobs = 0
  function compute(id: string, kind: TrainFeatures): FeatureMatrix {
    const u = corpus.utterance(id)
    return computeCorpusFeatures(corpus.audioPath(id), u.path, kind)
  }
  return {
    async ensureAll(kind, opts = {}) {
      const ids = opts.ids ?? corpus.utterances({}).map((u) => u.id)
      const jobId = `features-${kind}-${++jobs}`
      const failed: { id: string; error: string }[] = []
      let computed = 0
      for (let i = 0; i < ids.length; i++) {
        if (opts.signal?.aborted) throw new SerError('CANCELLED', `features ${kind}: cancelled after ${i} of ${ids.length}`)
        try {
          compute(ids[i], kind)
          computed++
        } catch (e) {
          failed.push({ id: ids[i], error: (e as Error).message })
        }
        opts.onProgress?.({ jobId, done: i + 1, total: ids.length, item: ids[i] })
        await new Promise((r) => setImmediate(r))
      }
      return { kind, computed, cached: 0, failed }
    },
    async matrix(id, kind) {
      return compute(id, kind)
    },
    async spectrogram(id, opts = {}) {
      const u = corpus.utterance(id)
      // the native rate, and the channels mixed: a picture of what the listener hears
      const { samples, sampleRate } = loadMono(corpus.audioPath(id), u.path, { rate: u.sampleRate, channels: 'mix' })
      return spectrogramBinary(samples, sampleRate, opts)
    }
  }
}
