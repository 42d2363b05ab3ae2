/**
 * Per-class precision, recall and F1 next to WA and UA (metrics.ts), for any head: the category softmax or the
 * low/mid/high activation and valence heads. Follows scikit-learn's `precision_recall_fscore_support` definitions,
 * except that an undefined ratio is NaN (null in JSON) rather than 0: a class that no test utterance has, or that
 * the model never predicts, has no recall or precision in that fold, and averaging a made-up 0 into UA or macro F1
 * would misstate the fold. Pure functions over class indices.
 */
import type { ConfusionMatrix } from '../../../shared/domain/training'
import type { DetailedMetrics } from '../../../shared/domain/evaluation'
import { confusion, metricsFromConfusion } from './metrics'

const ratio = (num: number, den: number) => (den > 0 ? num / den : Number.NaN)

function mean(values: readonly number[]): number {
  const defined = values.filter((v) => Number.isFinite(v))
  return defined.length > 0 ? defined.reduce((s, v) => s + v, 0) / defined.length : Number.NaN
}

/** Every figure from a confusion matrix (rows: true class, columns: predicted class). */
export function detailedFromConfusion(c: ConfusionMatrix): DetailedMetrics {
  const base = metricsFromConfusion(c)
  const k = c.labels.length
  const perClassPrecision: Record<string, number> = {}
  const perClassF1: Record<string, number> = {}
  const support: Record<string, number> = {}
  let items = 0
  const f1s: number[] = []
  c.labels.forEach((label, i) => {
    const tp = c.matrix[i][i]
    const rowSum = c.matrix[i].reduce((s, n) => s + n, 0)
    let colSum = 0
    for (let r = 0; r < k; r++) colSum += c.matrix[r][i]
    const precision = ratio(tp, colSum)
    const recall = ratio(tp, rowSum)
    // F1 of a tested class the model never predicted correctly is 0 (its recall is 0), not undefined
    const f1 = rowSum === 0 ? Number.NaN : tp === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    perClassPrecision[label] = precision
    perClassF1[label] = f1
    support[label] = rowSum
    items += rowSum
    if (rowSum > 0) f1s.push(f1)
  })
  return { ...base, perClassPrecision, perClassF1, support, items, macroF1: mean(f1s) }
}

/**
 * Scores class indices. Items whose true class is negative (an auxiliary rating that is missing, bin -1) are left
 * out, as the auxiliary loss leaves them out in training.
 */
export function detailedMetrics(
  labels: readonly string[],
  truth: readonly number[],
  predicted: readonly number[]
): DetailedMetrics {
  if (truth.length !== predicted.length)
    throw new RangeError(`detailedMetrics: ${truth.length} true labels but ${predicted.length} predictions`)
  const keep = truth.map((_, i) => i).filter((i) => truth[i] >= 0)
  return detailedFromConfusion(
    confusion(
      labels,
      keep.map((i) => truth[i]),
      keep.map((i) => predicted[i])
    )
  )
}

/** Mean and (population) standard deviation; NaN values (a fold without a figure) are left out. */
export function spread(values: readonly number[]): { mean: number; std: number } {
  const defined = values.filter((v) => Number.isFinite(v))
  if (defined.length === 0) return { mean: Number.NaN, std: Number.NaN }
  const m = defined.reduce((s, v) => s + v, 0) / defined.length
  return { mean: m, std: Math.sqrt(defined.reduce((s, v) => s + (v - m) ** 2, 0) / defined.length) }
}
