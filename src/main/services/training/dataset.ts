/**
 * The parent's half of the data path: the run's utterances (labelled with one of its classes, in corpus order), their
 * features from the feature service, each cut to the first maxSeconds (experiment 2's knob), written as one dataset
 * file pair (dataset-file.ts) for the trainer children. Normalisation happens per fold in the child, with that
 * fold's training statistics.
 */
import { createHash } from 'node:crypto'
import type { JobProgress } from '../../../shared/api/common'
import { toClassSet } from '../../../shared/domain/categories'
import type { FeatureMatrix } from '../../../shared/domain/features'
import type { Utterance } from '../../../shared/domain/corpus'
import type { CorpusSnapshot } from '../../../shared/domain/runs'
import type { RunConfig, RunFeatures } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { DatasetMeta, DatasetUtterance } from './dataset-file'
import { writeDataset } from './dataset-file'
import { BIN_NAMES, binRating, countBy } from './targets'

/** What the trainer needs from services.features (features/feature-service.ts). */
/** One utterance's row in a dataset: where its frames are, and its targets for the category and auxiliary heads. */
export function datasetUtterance(
  u: Utterance,
  offset: number,
  frames: number,
  config: Pick<RunConfig, 'classes' | 'binThresholds'>
): DatasetUtterance {
  return {
    id: u.id,
    session: u.session,
    speaker: u.speaker,
    offset,
    frames,
    label: config.classes.indexOf(toClassSet(u.category, config.classes)!),
    activation: binRating(u.arousal, config.binThresholds),
    valence: binRating(u.valence, config.binThresholds)
  }
}

export interface FeatureSource {
  ensureAll(
    kind: RunFeatures,
    opts?: { ids?: string[]; onProgress?: (p: JobProgress) => void; signal?: AbortSignal }
  ): Promise<{ failed: { id: string; error: string }[] }>
  matrix(id: string, kind: RunFeatures): Promise<FeatureMatrix>
}

export interface AssembledDataset {
  meta: DatasetMeta
  snapshot: CorpusSnapshot
  /** Utterances left out, with the reason (feature extraction failed, too short …) */
  skipped: { id: string; error: string }[]
}

export async function assembleDataset(
  corpus: CorpusIndex,
  features: FeatureSource,
  config: RunConfig,
  base: string,
  onProgress: (p: JobProgress) => void,
  signal?: AbortSignal
): Promise<AssembledDataset> {
  const chosen = corpus.utterances({ corpusId: config.corpusId }).filter((u) => toClassSet(u.category, config.classes) !== null)
  if (chosen.length === 0) {
    throw new SerError('FIELD_INVALID', `classes: no utterance of corpus '${config.corpusId}' is labelled ${config.classes.join(', ')}`, { field: 'classes' })
  }
  const jobId = base
  const ensured = await features.ensureAll(config.features, {
    ids: chosen.map((u) => u.id),
    onProgress: (p) => onProgress({ ...p, jobId, item: `features ${p.item ?? ''}`.trim() }),
    signal
  })
  const skipped = [...ensured.failed]
  const failed = new Set(skipped.map((f) => f.id))
  const parts: Float32Array[] = []
  const utterances: DatasetUtterance[] = []
  let dims = 0
  let names: string[] = []
  let frameShiftSec = 0
  let maxFrames = 0
  let offset = 0
  for (let i = 0; i < chosen.length; i++) {
    if (signal?.aborted) throw new SerError('CANCELLED', `dataset: cancelled after ${i} of ${chosen.length} utterances`)
    const u = chosen[i]
    if (failed.has(u.id)) continue
    const m = await features.matrix(u.id, config.features)
    if (dims === 0) {
      dims = m.dims
      names = m.names
      frameShiftSec = m.frameShiftSec
      if (!(frameShiftSec > 0)) throw new SerError('FIELD_INVALID', `features: '${config.features}' has no frame rate (functionals cannot train the CNN)`, { field: 'features' })
      maxFrames = Math.max(1, Math.round(config.maxSeconds / frameShiftSec))
    } else if (m.dims !== dims) {
      throw new SerError('FILE_FORMAT', `${u.path}: ${m.dims} feature dims, the other utterances have ${dims}`, { file: u.path, field: 'dims' })
    }
    if (m.frames < 1 || m.data.length !== m.frames * m.dims) {
      skipped.push({ id: u.id, error: m.frames < 1 ? 'no feature frames (too short)' : `${m.data.length} values for ${m.frames}×${m.dims}` })
      continue
    }
    const keep = Math.min(m.frames, maxFrames) // the first maxSeconds: experiment 2 cuts from the end
    parts.push(m.data.slice(0, keep * dims)) // a copy, so the uncut matrix can be freed
    utterances.push(datasetUtterance(u, offset, keep, config))
    offset += keep
    if (i % 25 === 0 || i === chosen.length - 1) onProgress({ jobId, done: i + 1, total: chosen.length, item: `dataset ${u.id}` })
  }
  if (utterances.length === 0) throw new SerError('FIELD_INVALID', `features: no utterance has usable '${config.features}' features`, { field: 'features' })
  const data = new Float32Array(offset * dims)
  let at = 0
  for (const p of parts) {
    data.set(p, at)
    at += p.length
  }
  const hash = createHash('sha256')
  hash.update(JSON.stringify([config.features, dims, maxFrames, config.classes, config.binThresholds]))
  for (const u of utterances) hash.update(JSON.stringify([u.id, u.session, u.speaker, u.label, u.activation, u.valence, u.frames]))
  const meta: DatasetMeta = {
    version: 1,
    features: config.features,
    dims,
    names,
    frameShiftSec,
    maxFrames,
    classes: config.classes,
    binThresholds: config.binThresholds,
    utterances,
    hash: hash.digest('hex')
  }
  writeDataset(base, meta, data)
  const snapshot: CorpusSnapshot = {
    corpusId: config.corpusId,
    utterances: utterances.length,
    hash: meta.hash,
    classCounts: {
      category: countBy(utterances.map((u) => u.label), config.classes),
      activation: countBy(utterances.map((u) => u.activation), BIN_NAMES),
      valence: countBy(utterances.map((u) => u.valence), BIN_NAMES)
    },
    frameShiftSec,
    dims,
    featureNames: names
  }
  return { meta, snapshot, skipped }
}
