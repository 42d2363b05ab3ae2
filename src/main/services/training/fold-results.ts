/**
 * A fold's result as the run store keeps it: prediction rows (utterance ids and class names), their metrics, and
 * the fold's row (foldEnded). Shared by CNN folds (relayed from a trainer child, fold-relay.ts) and baseline folds
 * (fitted in this process, in-process-fold.ts).
 */
import { join } from 'node:path'
import type { TrainerMessage } from '../../../shared/api/training'
import { foldLabel } from '../../../shared/domain/fold-name'
import { argMax, classificationMetrics } from '../metrics/metrics'
import type { DatasetMeta } from './dataset-file'
import type { PredictionRow, RunStore } from './run-store'

export type FoldEnded = Extract<TrainerMessage, { kind: 'ended' }>

/** WA/UA/recall/confusion over prediction rows (one fold's, or every fold's: pooled) */
export function pooledMetrics(classes: readonly string[], rows: PredictionRow[]) {
  const index = new Map(classes.map((c, i) => [c, i]))
  return classificationMetrics(
    classes,
    rows.map((r) => index.get(r.trueLabel) ?? -1),
    rows.map((r) => index.get(r.predicted) ?? -1)
  )
}

export function toRows(meta: DatasetMeta, fold: number, m: Pick<FoldEnded, 'predictions'>): PredictionRow[] {
  return (m.predictions ?? []).map((p) => {
    const u = meta.utterances[p.index]
    return {
      fold,
      utteranceId: u.id,
      trueLabel: meta.classes[u.label],
      predicted: meta.classes[argMax(p.probabilities)],
      probabilities: Object.fromEntries(meta.classes.map((c, i) => [c, p.probabilities[i]])),
      activation: p.activation ?? null,
      valence: p.valence ?? null
    }
  })
}

/** Stores an ended fold: its rows, metrics (when done) and model folder (relative to the run folder). */
export function storeFoldEnded(
  store: RunStore,
  runId: string,
  meta: DatasetMeta,
  m: FoldEnded,
  error: string | null
): void {
  const rows = toRows(meta, m.fold, m)
  const metrics = m.status === 'done' ? pooledMetrics(meta.classes, rows) : null
  const modelDir = m.modelDir ? join(`fold-${m.fold}`, m.modelDir) : null
  store.foldEnded(
    runId,
    m.fold,
    { status: m.status, epochs: m.epochs, bestEpoch: m.bestEpoch, metrics, modelDir, error },
    rows
  )
}

/** A fold that ended without a result (a failed fit, a trainer child that died) */
export function storeFoldFailed(store: RunStore, runId: string, fold: number, error: string): void {
  store.foldEnded(
    runId,
    fold,
    { status: 'failed', epochs: 0, bestEpoch: null, metrics: null, modelDir: null, error },
    []
  )
}

export const foldError = (fold: number, message: string): string => `${foldLabel(fold)}: ${message}`
