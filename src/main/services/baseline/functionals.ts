/**
 * The baseline's input: the 88 eGeMAPSv02 functionals of each utterance (feature-kinds.ts 'egemaps-functionals',
 * computed once and cached by the feature service like every corpus feature set), as one n × 88 matrix in the
 * order of a run's dataset. A baseline run's dataset file pair holds them as one "frame" per utterance, so the
 * evaluation area reads a baseline run exactly as it reads a CNN run.
 */
import { createHash } from 'node:crypto'
import type { JobProgress } from '../../../shared/api/common'
import { toClassSet } from '../../../shared/domain/categories'
import type { FeatureMatrix } from '../../../shared/domain/features'
import type { CorpusSnapshot } from '../../../shared/domain/runs'
import type { RunConfig } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import type { CorpusIndex } from '../corpus/corpus-index'
import type { CorpusFeatureKind } from '../features/feature-kinds'
import { datasetUtterance } from '../training/dataset'
import type { DatasetMeta, DatasetUtterance } from '../training/dataset-file'
import { writeDataset } from '../training/dataset-file'
import { classCounts } from '../training/targets'

export const FUNCTIONALS_KIND = 'egemaps-functionals' as const

/** What the baseline needs of services.features */
export interface FunctionalsSource {
  ensureAll(
    kind: CorpusFeatureKind,
    opts?: { ids?: string[]; onProgress?: (p: JobProgress) => void; signal?: AbortSignal }
  ): Promise<{ failed: { id: string; error: string }[] }>
  matrix(id: string, kind: CorpusFeatureKind): Promise<FeatureMatrix>
}

export interface FunctionalRows {
  x: Float64Array
  d: number
  names: string[]
  /** Utterances whose functionals could not be computed (their row is NaN: mean-imputed when normalised) */
  failed: { id: string; error: string }[]
}

/** The functionals of the given utterances, in order; a failed utterance gets a row of NaN. */
export async function functionalRows(
  features: FunctionalsSource,
  ids: readonly string[],
  onProgress?: (p: JobProgress) => void,
  signal?: AbortSignal
): Promise<FunctionalRows> {
  const ensured = await features.ensureAll(FUNCTIONALS_KIND, { ids: [...ids], onProgress, signal })
  const failed = [...ensured.failed]
  const bad = new Set(failed.map((f) => f.id))
  let d = 0
  let names: string[] = []
  const rows: (Float32Array | null)[] = []
  for (const id of ids) {
    if (bad.has(id)) {
      rows.push(null)
      continue
    }
    const m = await features.matrix(id, FUNCTIONALS_KIND)
    if (m.frames !== 1 || m.data.length !== m.dims || (d > 0 && m.dims !== d)) {
      failed.push({ id, error: `expected one row of ${d || m.dims} functionals, got ${m.frames}×${m.dims}` })
      rows.push(null)
      continue
    }
    d = m.dims
    names = m.names
    rows.push(m.data)
  }
  if (d === 0) {
    const why = failed[0] ? ` (${failed[0].id}: ${failed[0].error})` : ''
    throw new SerError(
      'FIELD_INVALID',
      `model: the eGeMAPS baseline needs eGeMAPS functionals, and no utterance has them${why}`,
      { field: 'model' }
    )
  }
  const x = new Float64Array(ids.length * d).fill(Number.NaN)
  rows.forEach((r, i) => r && x.set(r, i * d))
  return { x, d, names, failed }
}

/**
 * A baseline run's dataset: the run's utterances (labelled with one of its classes, in corpus order) with their
 * functionals, written as the usual dataset pair (one 88-value frame per utterance). Utterances whose audio cannot
 * be analysed are left out, as a CNN run leaves them out.
 */
export async function assembleFunctionalsDataset(
  corpus: CorpusIndex,
  features: FunctionalsSource,
  config: RunConfig,
  base: string,
  onProgress: (p: JobProgress) => void,
  signal?: AbortSignal
): Promise<{ meta: DatasetMeta; snapshot: CorpusSnapshot }> {
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
  const rows = await functionalRows(
    features,
    chosen.map((u) => u.id),
    (p) => onProgress({ ...p, jobId: base, item: `features ${p.item ?? ''}`.trim() }),
    signal
  )
  const failed = new Set(rows.failed.map((f) => f.id))
  const utterances: DatasetUtterance[] = []
  const data: number[] = []
  chosen.forEach((u, i) => {
    if (failed.has(u.id)) return
    utterances.push(datasetUtterance(u, utterances.length, 1, config))
    for (let j = 0; j < rows.d; j++) data.push(rows.x[i * rows.d + j])
  })
  const hash = createHash('sha256')
  hash.update(JSON.stringify([FUNCTIONALS_KIND, rows.d, config.classes, config.binThresholds]))
  for (const u of utterances)
    hash.update(JSON.stringify([u.id, u.session, u.speaker, u.label, u.activation, u.valence]))
  const meta: DatasetMeta = {
    version: 1,
    features: FUNCTIONALS_KIND,
    dims: rows.d,
    names: rows.names,
    frameShiftSec: 0,
    maxFrames: 1,
    classes: config.classes,
    binThresholds: config.binThresholds,
    utterances,
    hash: hash.digest('hex')
  }
  writeDataset(base, meta, Float32Array.from(data))
  const snapshot: CorpusSnapshot = {
    corpusId: config.corpusId,
    utterances: utterances.length,
    hash: meta.hash,
    classCounts: classCounts(utterances, config.classes),
    frameShiftSec: 0,
    dims: rows.d,
    featureNames: rows.names
  }
  return { meta, snapshot }
}
