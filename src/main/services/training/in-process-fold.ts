/**
 * The linear baseline's part of a run, fitted in this process (services/baseline/baseline-run.ts): a baseline
 * fold with the same store writes and events as a CNN fold, and fusion's fold, the CNN's predictions fused with a
 * baseline fitted on the same split.
 */
import { join } from 'node:path'
import type { RunConfig } from '../../../shared/domain/training'
import { toErrorInfo } from '../../../shared/errors'
import type { BaselineFoldJob } from '../baseline/baseline-run'
import {
  BASELINE_MODEL_DIR,
  baselineFoldInfo,
  baselinePredictions,
  fitBaselineFold,
  fuseFold,
  trainingCounts
} from '../baseline/baseline-run'
import { saveFusionWeight } from '../baseline/fusion-file'
import type { EventBus } from '../runtime/event-bus'
import type { DatasetMeta } from './dataset-file'
import type { FoldPlan } from './folds'
import type { FoldEnded } from './fold-results'
import { foldError, storeFoldEnded, storeFoldFailed } from './fold-results'
import type { RunStore } from './run-store'

/** The baseline's functionals in the dataset's utterance order (baseline and fusion runs) */
export interface Functionals {
  x: Float64Array
  d: number
  names: string[]
}

export interface BaselineFold {
  runId: string
  meta: DatasetMeta
  functionals: Functionals
  plan: FoldPlan
  folds: number
  foldDir: string
}

function foldJob(f: BaselineFold, config: RunConfig): BaselineFoldJob {
  return { runId: f.runId, config, meta: f.meta, ...f.functionals, plan: f.plan, folds: f.folds, foldDir: f.foldDir }
}

/** A baseline fold, start to stored result (a failure is stored as the fold's error) */
export function trainBaselineFold(f: BaselineFold, store: RunStore, events: EventBus): void {
  const { runId, meta, plan } = f
  const job = foldJob(f, store.config(runId))
  const counts = trainingCounts(meta, plan.train)
  const parameters = (f.functionals.d + 1) * meta.classes.length
  store.foldStarted(runId, plan.fold, {
    norm: baselineFoldInfo(job, null),
    counts,
    parameters,
    convForm: 'linear',
    history: []
  })
  try {
    const r = fitBaselineFold(job, { store, events })
    const predictions = baselinePredictions(plan, r)
    const ended: FoldEnded = {
      kind: 'ended',
      runId,
      fold: plan.fold,
      status: 'done',
      epochs: r.candidates.length,
      bestEpoch: r.chosen,
      predictions,
      modelDir: BASELINE_MODEL_DIR
    }
    store.setFoldInfo(runId, plan.fold, baselineFoldInfo(job, r))
    storeFoldEnded(store, runId, meta, ended, null)
  } catch (e) {
    storeFoldFailed(store, runId, plan.fold, foldError(plan.fold, toErrorInfo(e).message))
  }
}

/** Fusion: the CNN child's test and dev predictions fused with a baseline fitted here; stores the fold's info. */
export function fuseEnded(
  f: BaselineFold,
  m: FoldEnded,
  config: RunConfig,
  store: RunStore
): { ended: FoldEnded; error: string | null } {
  try {
    const job = foldJob(f, config)
    const b = fitBaselineFold(job)
    const fused = fuseFold(f.meta, f.plan, m.predictions ?? [], m.devPredictions ?? [], b, config.fusionWeight ?? null)
    store.setFoldInfo(f.runId, f.plan.fold, {
      ...baselineFoldInfo(job, b),
      cnnWeight: fused.weight,
      fusedDevUa: fused.devUa
    })
    // the fold's final model is its CNN, its baseline (baseline.json) and this weight, side by side in one folder
    saveFusionWeight(join(f.foldDir, BASELINE_MODEL_DIR), { cnnWeight: fused.weight, fusedDevUa: fused.devUa })
    return { ended: { ...m, predictions: fused.predictions }, error: null }
  } catch (e) {
    return { ended: { ...m, status: 'failed', predictions: [] }, error: foldError(f.plan.fold, toErrorInfo(e).message) }
  }
}

export const foldDirOf = (runDir: string, fold: number): string => join(runDir, `fold-${fold}`)
