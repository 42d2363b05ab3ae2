/**
 * The metrics the field reports for categorical SER (docs/paper.md): weighted accuracy (WA, plain accuracy over
 * utterances), unweighted accuracy (UA, the mean of per-class recalls, so small classes count as much as large
 * ones), per-class recall and the confusion matrix. Pure functions over class indices; pooling over folds is
 * concatenating their predictions first (what "pooled" means in docs/paper.md), not averaging fold metrics.
 */
import type { ConfusionMatrix, Metrics } from '../../../shared/domain/training'

/** matrix[true][predicted] counts over `labels.length` classes. */
export function confusion(
  labels: readonly string[],
  truth: readonly number[],
  predicted: readonly number[]
): ConfusionMatrix {
  if (truth.length !== predicted.length)
    throw new RangeError(`confusion: ${truth.length} true labels but ${predicted.length} predictions`)
  const k = labels.length
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0))
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]
    const p = predicted[i]
    if (!(t >= 0 && t < k && p >= 0 && p < k))
      throw new RangeError(`confusion: class index out of 0…${k - 1} at ${i} (${t}, ${p})`)
    matrix[t][p]++
  }
  return { labels: [...labels], matrix }
}

/**
 * WA, UA, per-class recall from a confusion matrix. A class with no test utterances has no recall (NaN, null in
 * JSON) and is left out of UA, so UA stays the mean over the classes that were actually tested.
 */
export function metricsFromConfusion(c: ConfusionMatrix): Metrics {
  let total = 0
  let correct = 0
  const perClassRecall: Record<string, number> = {}
  const recalls: number[] = []
  c.labels.forEach((label, i) => {
    const support = c.matrix[i].reduce((s, n) => s + n, 0)
    total += support
    correct += c.matrix[i][i]
    const recall = support > 0 ? c.matrix[i][i] / support : Number.NaN
    perClassRecall[label] = recall
    if (support > 0) recalls.push(recall)
  })
  return {
    wa: total > 0 ? correct / total : Number.NaN,
    ua: recalls.length > 0 ? recalls.reduce((s, r) => s + r, 0) / recalls.length : Number.NaN,
    perClassRecall,
    confusion: c
  }
}

export function classificationMetrics(
  labels: readonly string[],
  truth: readonly number[],
  predicted: readonly number[]
): Metrics {
  return metricsFromConfusion(confusion(labels, truth, predicted))
}

/** Index of the largest value (the first one on ties, as tf.argMax does). */
export function argMax(values: readonly number[]): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}
