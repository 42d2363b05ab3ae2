/**
 * Batches as tensors, and inference over a list of utterances (dev loss/accuracy each epoch, test and dev outputs
 * at the end of a fold): no gradients, in EVAL_BATCH-sized chunks, stopping within one chunk of a cancel.
 */
import * as tf from '@tensorflow/tfjs'
import type { TrainJob } from '../../../shared/api/training'
import type { Batch } from './batches'
import { chunks, fillBatch } from './batches'
import type { Dataset } from './dataset-file'
import { taskLoss } from './losses'

/** The batch size used for dev and test inference (no gradients, so larger is fine) */
const EVAL_BATCH = 64

/** Tensors of one batch; the caller disposes them. */
export function batchTensors(b: Batch, meta: Dataset['meta'], multi: boolean) {
  return {
    x: tf.tensor3d(b.x, [b.size, meta.maxFrames, meta.dims]),
    label: tf.tensor1d(b.label, 'int32'),
    activation: multi ? tf.tensor1d(b.activation, 'int32') : undefined,
    valence: multi ? tf.tensor1d(b.valence, 'int32') : undefined
  }
}

export function disposeBatch(t: ReturnType<typeof batchTensors>): void {
  tf.dispose([t.x, t.label, ...(t.activation ? [t.activation] : []), ...(t.valence ? [t.valence] : [])])
}

export interface Evaluation {
  loss: number
  acc: number
  /** Per chunk, every head's flat output (only when asked to keep them) */
  outputs: Float32Array[][]
}

/** Inference over a list of utterances: mean task loss, category accuracy, and (if asked) every head's output. */
export function evaluate(
  model: tf.LayersModel,
  d: Dataset,
  data: Float32Array,
  indices: number[],
  job: TrainJob,
  keep: boolean,
  cancelled: () => boolean,
  classWeights?: tf.Tensor1D
): Evaluation | null {
  const multi = job.config.task === 'multi'
  let loss = 0
  let correct = 0
  const outputs: Float32Array[][] = []
  for (const part of chunks(indices, EVAL_BATCH)) {
    if (cancelled()) return null
    const t = batchTensors(fillBatch(d.meta, data, part), d.meta, multi)
    const [l, c, outs] = tf.tidy(() => {
      const out = model.apply(t.x, { training: false }) as tf.Tensor | tf.Tensor[]
      const list = Array.isArray(out) ? out : [out]
      const { total } = taskLoss(list, t, job.config, classWeights)
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(list[0], 1), t.label), 'float32'))
      return [total.dataSync()[0], hits.dataSync()[0], keep ? list.map((o) => o.dataSync() as Float32Array) : []]
    })
    disposeBatch(t)
    loss += l * part.length
    correct += c
    if (keep) outputs.push(outs)
  }
  return { loss: loss / Math.max(1, indices.length), acc: correct / Math.max(1, indices.length), outputs }
}
