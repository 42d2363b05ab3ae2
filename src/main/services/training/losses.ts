/**
 * The training objective. Single-task: cross-entropy of the category head. Multi-task (docs/paper.md, fact):
 * J = (1 − α − β)·J_category + α·J_activation + β·J_valence, each J the mean cross-entropy of its own softmax head.
 * An auxiliary target of -1 (rating missing) contributes nothing and is left out of its head's mean.
 */
import * as tf from '@tensorflow/tfjs'

/** Keras's clipping of probabilities before the log */
const EPSILON = 1e-7

/** Mean cross-entropy of softmax outputs [B, C] against class indices [B] (-1 = skip). */
export function crossEntropy(probs: tf.Tensor, labels: tf.Tensor1D, classes: number): tf.Scalar {
  return tf.tidy(() => {
    const onehot = tf.oneHot(labels, classes) // a -1 label gives an all-zero row
    const perRow = tf.neg(tf.sum(tf.mul(onehot, tf.log(tf.clipByValue(probs, EPSILON, 1 - EPSILON))), 1))
    const counted = tf.maximum(tf.sum(onehot), 1)
    return tf.div(tf.sum(perRow), counted) as tf.Scalar
  })
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

/** outputs: [category] (single-task) or [category, activation, valence] (multi-task). */
export function taskLoss(outputs: tf.Tensor[], targets: Targets, weights: { alpha: number; beta: number }): TaskLoss {
  const classes = outputs[0].shape[1] as number
  const category = crossEntropy(outputs[0], targets.label, classes)
  if (outputs.length === 1) return { total: category, category }
  if (!targets.activation || !targets.valence) throw new Error('multi-task loss: activation and valence targets are required')
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
