/**
 * The parent's half of the data path: the run's utterances (labelled with one of its classes, in corpus order), their
 * features from the feature service, each cut to the first maxSeconds (experiment 2's knob), written as one dataset
 * file pair (dataset-file.ts) for the trainer children. Normalisation happens per fold in the child, with that
 * fold's training statistics (or each speaker's own). With speedFactors ≠ [1] every utterance also gets one
 * speed-perturbed copy per factor (meta.variants; features cached per factor), which the child adds to the training
 * fold only; with randomCrop up to CROP_POOL × maxSeconds is kept, for the child to crop training windows from.
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
import { binRating, classCounts } from './targets'

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

/** What the trainer needs from services.features (features/feature-service.ts). */
export interface FeatureSource {
  ensureAll(
    kind: RunFeatures,
    opts?: { ids?: string[]; onProgress?: (p: JobProgress) => void; signal?: AbortSignal; speed?: number }
  ): Promise<{ failed: { id: string; error: string }[] }>
  matrix(id: string, kind: RunFeatures, opts?: { speed?: number }): Promise<FeatureMatrix>
}

/** randomCrop keeps up to this many times maxSeconds of each utterance to crop training windows from */
export const CROP_POOL = 3

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
  const chosen = corpus
    .utterances({ corpusId: config.corpusId })
    .filter((u) => toClassSet(u.category, config.classes) !== null)
  if (chosen.length === 0) {
    throw new SerError(
      'FIELD_INVALID',
      `classes: no utterance of corpus '${config.corpusId}' is labelled ${config.classes.join(', ')}`,
      { field: 'classes' }
    )
  }
  const jobId = base
  const ensured = await features.ensureAll(config.features, {
    ids: chosen.map((u) => u.id),
    onProgress: (p) => onProgress({ ...p, jobId, item: `features ${p.item ?? ''}`.trim() }),
    signal
  })
  const skipped = [...ensured.failed]
  const failed = new Set(skipped.map((f) => f.id))
  // augmentation re-reads the audio: a file that cannot be read is an error naming it, not a silent skip
  if (config.speedFactors.some((f) => f !== 1) && skipped.length > 0) {
    const file = corpus.utterance(skipped[0].id).path
    throw new SerError(
      'FILE_UNREADABLE',
      `${file}: speed perturbation (speedFactors) needs every utterance's audio: ${skipped[0].error}`,
      { file, field: 'speedFactors' }
    )
  }
  const parts: Float32Array[] = []
  const utterances: DatasetUtterance[] = []
  let dims = 0
  let names: string[] = []
  let frameShiftSec = 0
  let maxFrames = 0
  let stored = 0
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
      if (!(frameShiftSec > 0))
        throw new SerError(
          'FIELD_INVALID',
          `features: '${config.features}' has no frame rate (functionals cannot train the CNN)`,
          { field: 'features' }
        )
      maxFrames = Math.max(1, Math.round(config.maxSeconds / frameShiftSec))
      stored = config.randomCrop ? maxFrames * CROP_POOL : maxFrames
    } else if (m.dims !== dims) {
      throw new SerError('FILE_FORMAT', `${u.path}: ${m.dims} feature dims, the other utterances have ${dims}`, {
        file: u.path,
        field: 'dims'
      })
    }
    if (m.frames < 1 || m.data.length !== m.frames * m.dims) {
      skipped.push({
        id: u.id,
        error: m.frames < 1 ? 'no feature frames (too short)' : `${m.data.length} values for ${m.frames}×${m.dims}`
      })
      continue
    }
    const keep = Math.min(m.frames, stored) // the first maxSeconds: experiment 2 cuts from the end
    parts.push(m.data.slice(0, keep * dims)) // a copy, so the uncut matrix can be freed
    utterances.push(datasetUtterance(u, offset, keep, config))
    offset += keep
    if (i % 25 === 0 || i === chosen.length - 1)
      onProgress({ jobId, done: i + 1, total: chosen.length, item: `dataset ${u.id}` })
  }
  if (utterances.length === 0)
    throw new SerError('FIELD_INVALID', `features: no utterance has usable '${config.features}' features`, {
      field: 'features'
    })
  const variants: DatasetUtterance[] = []
  for (const speed of config.speedFactors.filter((f) => f !== 1)) {
    const ids = utterances.map((u) => u.id)
    const done = await features.ensureAll(config.features, {
      ids,
      speed,
      onProgress: (p) => onProgress({ ...p, jobId, item: `features ×${speed} ${p.item ?? ''}`.trim() }),
      signal
    })
    const bad = done.failed[0]
    if (bad) {
      const file = corpus.utterance(bad.id).path
      throw new SerError('FILE_UNREADABLE', `${file}: speed perturbation ×${speed} needs its audio: ${bad.error}`, {
        file,
        field: 'speedFactors'
      })
    }
    for (let k = 0; k < utterances.length; k++) {
      if (signal?.aborted) throw new SerError('CANCELLED', `dataset: cancelled during speed perturbation ×${speed}`)
      const u = utterances[k]
      const m = await features.matrix(u.id, config.features, { speed })
      const keep = Math.min(m.frames, stored)
      if (keep < 1) continue
      parts.push(m.data.slice(0, keep * dims))
      variants.push({ ...u, id: `${u.id}@speed${speed}`, offset, frames: keep, speed, source: k })
      offset += keep
    }
  }
  const data = new Float32Array(offset * dims)
  let at = 0
  for (const p of parts) {
    data.set(p, at)
    at += p.length
  }
  const hash = createHash('sha256')
  hash.update(JSON.stringify([config.features, dims, maxFrames, config.classes, config.binThresholds]))
  // only what differs from the paper's dataset, so the hash of a paper run is what it always was
  if (stored !== maxFrames) hash.update(JSON.stringify({ storedFrames: stored }))
  if (variants.length > 0) hash.update(JSON.stringify({ speedFactors: config.speedFactors }))
  for (const u of utterances)
    hash.update(JSON.stringify([u.id, u.session, u.speaker, u.label, u.activation, u.valence, u.frames]))
  const meta: DatasetMeta = {
    version: 1,
    features: config.features,
    dims,
    names,
    frameShiftSec,
    maxFrames,
    ...(stored !== maxFrames ? { storedFrames: stored } : {}),
    classes: config.classes,
    binThresholds: config.binThresholds,
    utterances,
    ...(variants.length > 0 ? { variants } : {}),
    hash: hash.digest('hex')
  }
  writeDataset(base, meta, data)
  const snapshot: CorpusSnapshot = {
    corpusId: config.corpusId,
    utterances: utterances.length,
    hash: meta.hash,
    classCounts: classCounts(utterances, config.classes),
    frameShiftSec,
    dims,
    featureNames: names
  }
  return { meta, snapshot, skipped }
}
