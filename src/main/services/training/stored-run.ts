/**
 * What evaluation, the baseline and interop read of a stored run: its detail from SQLite (runs.get), the dataset
 * description the training service keeps in the run folder (`dataset.json`: every utterance's session, speaker and targets, in the
 * order the fold plan indexes) and the fold plan itself (`folds.json`). The binary features are deleted once a run is
 * done; these two small files stay with it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunDetail } from '../../../shared/domain/runs'
import { SerError } from '../../../shared/errors'
import type { DatasetMeta } from './dataset-file'
import type { FoldPlan } from './folds'
import type { PredictionRow } from './run-store'

/** The part of the training service that readers of stored runs use. */
export interface RunSource {
  get(runId: string): RunDetail
  predictions(runId: string): PredictionRow[]
  runDir(runId: string): string
}

export interface StoredRun {
  detail: RunDetail
  meta: DatasetMeta
  plans: FoldPlan[]
}

function readJson<T>(file: string, runId: string, what: string): T {
  if (!existsSync(file)) {
    throw new SerError(
      'NOT_FOUND',
      `runId: run ${runId} has no ${what} yet (${file}); it has not assembled its dataset`,
      { field: 'runId', file }
    )
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch (e) {
    throw new SerError('FILE_FORMAT', `${file}: cannot read the run's ${what} (${(e as Error).message})`, { file })
  }
}

export function loadStoredRun(runs: RunSource, runId: string): StoredRun {
  const detail = runs.get(runId)
  const meta = readJson<DatasetMeta>(join(detail.dir, 'dataset.json'), runId, 'dataset description')
  const plans = readJson<FoldPlan[]>(join(detail.dir, 'folds.json'), runId, 'fold plan')
  return { detail, meta, plans }
}
