/**
 * A run's metrics from its stored test predictions (evaluation.metrics): every head, per fold and pooled. Pooled
 * means the folds' predictions concatenated, then scored, as docs/paper.md asks; the mean ± std of the per-fold WA/UA is
 * reported beside it. The category truth is the class the run trained towards (stored with each prediction); the
 * activation/valence truth is the bin the run's dataset gave the utterance (dataset.json). Pure.
 */
import type {
  DetailedMetrics,
  FoldMetrics,
  Head,
  HeadEvaluation,
  RunEvaluation
} from '../../../shared/domain/evaluation'
import { BINS } from '../../../shared/domain/evaluation'
import type { FoldSummary } from '../../../shared/domain/runs'
import type { DatasetMeta } from '../training/dataset-file'
import type { PredictionRow } from '../training/run-store'
import { detailedMetrics, spread } from '../metrics/class-metrics'
import { argMax } from '../metrics/metrics'

interface Scored {
  fold: number
  truth: number
  predicted: number
}

/** Truth and prediction per row for one head; null when the run has no such head. */
export function headItems(
  head: Head,
  classes: readonly string[],
  meta: DatasetMeta,
  rows: readonly PredictionRow[]
): Scored[] | null {
  if (head === 'category') {
    const index = new Map(classes.map((c, i) => [c, i]))
    return rows.map((r) => ({
      fold: r.fold,
      truth: index.get(r.trueLabel) ?? -1,
      predicted: index.get(r.predicted) ?? -1
    }))
  }
  if (rows.length === 0 || rows.some((r) => r[head] === null)) return null
  const byId = new Map(meta.utterances.map((u) => [u.id, u]))
  return rows.map((r) => ({ fold: r.fold, truth: byId.get(r.utteranceId)?.[head] ?? -1, predicted: argMax(r[head]!) }))
}

function score(labels: readonly string[], items: readonly Scored[]): DetailedMetrics {
  return detailedMetrics(
    labels,
    items.map((s) => s.truth),
    items.map((s) => s.predicted)
  )
}

export function evaluateHead(
  head: Head,
  labels: readonly string[],
  items: readonly Scored[],
  folds: readonly Pick<FoldSummary, 'fold' | 'testGroups'>[]
): HeadEvaluation {
  const perFold: FoldMetrics[] = folds
    .filter((f) => items.some((s) => s.fold === f.fold))
    .map((f) => ({
      fold: f.fold,
      testGroups: [...f.testGroups],
      metrics: score(
        labels,
        items.filter((s) => s.fold === f.fold)
      )
    }))
  return { head, pooled: score(labels, items), folds: perFold }
}

export function evaluateRun(
  runId: string,
  classes: readonly string[],
  meta: DatasetMeta,
  folds: readonly Pick<FoldSummary, 'fold' | 'testGroups'>[],
  rows: readonly PredictionRow[]
): RunEvaluation {
  const category = evaluateHead('category', classes, headItems('category', classes, meta, rows)!, folds)
  const aux = (head: 'activation' | 'valence') => {
    const items = headItems(head, classes, meta, rows)
    return items ? evaluateHead(head, BINS, items, folds) : null
  }
  const wa = spread(category.folds.map((f) => f.metrics.wa))
  const ua = spread(category.folds.map((f) => f.metrics.ua))
  return {
    runId,
    category,
    activation: aux('activation'),
    valence: aux('valence'),
    foldSpread: { waMean: wa.mean, waStd: wa.std, uaMean: ua.mean, uaStd: ua.std }
  }
}
