/**
 * The training objective. Single-task: cross-entropy of the category head. Multi-task (docs/paper.md, fact):
 * J = (1 − α − β)·J_category + α·J_activation + β·J_valence, each J the mean cross-entropy of its own softmax head.
 * An auxiliary target of -1 (rating missing) contributes nothing and is left out of its head's mean.
 */
import * as tf from '@tensorflow/tfjs'

/** Keras's clipping of probabilities before the log */
const EPSILON = 1e-7

/**
 * Mean cross-entropy of softmax outputs [B, C] against class indices [B] (-1 = skip). With `classWeights` [C]
 * each row's cross-entropy is multiplied by its class's weight before the mean over the counted rows (Keras's
 * class_weight: Σ w_y·CE / n).
 */
export function crossEntropy(
  probs: tf.Tensor,
  labels: tf.Tensor1D,
  classes: number,
  classWeights?: tf.Tensor1D
): tf.Scalar {
  return tf.tidy(() => {
    const onehot = tf.oneHot(labels, classes) // a -1 label gives an all-zero row
    const logs = tf.log(tf.clipByValue(probs, EPSILON, 1 - EPSILON))
    const weighted = classWeights ? tf.mul(onehot, classWeights.reshape([1, classes])) : onehot
    const perRow = tf.neg(tf.sum(tf.mul(weighted, logs), 1))
    const counted = tf.maximum(tf.sum(onehot), 1)
    return tf.div(tf.sum(perRow), counted) as tf.Scalar
  })
}

/** Inverse-frequency class weights N / (C · n_c) of the given labels; a class without utterances weighs 0. */
export function inverseClassWeights(labels: readonly number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0)
  for (const l of labels) if (l >= 0 && l < classes) counts[l]++
  const n = counts.reduce((a, b) => a + b, 0)
  const present = counts.filter((c) => c > 0).length
  return counts.map((c) => (c > 0 ? n / (present * c) : 0))
}

export interface Targets {
  label: tf.Tensor1D
  activation?: tf.Tensor1D
  valence?: tf.Tensor1D
}

export interface TaskLoss {
  total: tf.Scalar
  category: tf.Scalar
  activation?: tf.Scalar
  valence?: tf.Scalar
}

/** outputs: [category] (single-task) or [category, activation, valence] (multi-task); classWeights weigh the category head. */
export function taskLoss(
  outputs: tf.Tensor[],
  targets: Targets,
  weights: { alpha: number; beta: number },
  classWeights?: tf.Tensor1D
): TaskLoss {
  const classes = outputs[0].shape[1] as number
  const category = crossEntropy(outputs[0], targets.label, classes, classWeights)
  if (outputs.length === 1) return { total: category, category }
  if (!targets.activation || !targets.valence)
    throw new Error('multi-task loss: activation and valence targets are required')
  const activation = crossEntropy(outputs[1], targets.activation, outputs[1].shape[1] as number)
  const valence = crossEntropy(outputs[2], targets.valence, outputs[2].shape[1] as number)
  const total = tf.tidy(() =>
    tf.addN([
      tf.mul(category, 1 - weights.alpha - weights.beta),
      tf.mul(activation, weights.alpha),
      tf.mul(valence, weights.beta)
    ])
  ) as tf.Scalar
  return { total, category, activation, valence }
}
