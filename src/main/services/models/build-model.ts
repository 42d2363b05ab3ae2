/**
 * The paper's models as tfjs functional models (docs/paper.md "Model"): one time convolution per filter width, each
 * max-pooled over time, concatenated, dropout, and a softmax — one head for the single-task model, three (category,
 * activation, valence) for the multi-task one. The attentive CNN pools in windows and lets AttentionPooling weigh
 * them. Building a model is explicit (no model exists until buildModel is called).
 */
import * as tf from '@tensorflow/tfjs'
import type { ModelKind, TaskKind } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import { AttentionPooling } from './attention-pooling'
import { registerEncoderHeadLayers } from './encoder-head'
import { SeededDropout } from './seeded-dropout'
import { AUX_CLASSES, softmaxHeads } from './softmax-heads'
import type { ConvComputeForm } from './time-conv-pool'
import { TimeConvPool } from './time-conv-pool'

export interface ModelSpec {
  model: ModelKind
  task: TaskKind
  /** Input length in frames (utterances are cut or padded to it) and feature dimensions */
  frames: number
  dims: number
  classes: number
  filterWidths: number[]
  filters: number
  dropout: number
  /** Attentive CNN only: frames per pooling window */
  poolFrames: number
  form: ConvComputeForm
  seed: number
}

let registered = false

/** Makes the custom layers known to tfjs's deserialiser (needed before loading a saved model). Idempotent. */
export function registerCustomLayers(): void {
  if (registered) return
  tf.serialization.registerClass(TimeConvPool)
  tf.serialization.registerClass(SeededDropout)
  tf.serialization.registerClass(AttentionPooling)
  registerEncoderHeadLayers()
  registered = true
}

/** Pooling windows of the attentive CNN: the same count for every width, so the branches line up. */
export function attentionWindows(spec: Pick<ModelSpec, 'frames' | 'filterWidths' | 'poolFrames'>): number {
  return Math.floor((spec.frames - Math.max(...spec.filterWidths) + 1) / spec.poolFrames)
}

export function checkSpec(spec: ModelSpec): void {
  const fail = (field: string, why: string) => {
    throw new SerError('FIELD_INVALID', `${field}: ${why}`, { field })
  }
  if (new Set(spec.filterWidths).size !== spec.filterWidths.length)
    fail('filterWidths', `widths must differ, got ${spec.filterWidths.join(',')}`)
  if (Math.max(...spec.filterWidths) > spec.frames)
    fail('filterWidths', `a width of ${Math.max(...spec.filterWidths)} frames exceeds the input length ${spec.frames}`)
  if (spec.model === 'attentive-cnn' && attentionWindows(spec) < 1) {
    fail('poolFrames', `${spec.poolFrames}-frame windows do not fit in ${spec.frames} frames`)
  }
  if (spec.classes < 2) fail('classes', `need at least two classes, got ${spec.classes}`)
}

export function buildModel(spec: ModelSpec): tf.LayersModel {
  registerCustomLayers()
  checkSpec(spec)
  const attentive = spec.model === 'attentive-cnn'
  const windows = attentive ? attentionWindows(spec) : 0
  const input = tf.input({ shape: [spec.frames, spec.dims], name: 'features' })
  const branches = spec.filterWidths.map(
    (w, i) =>
      new TimeConvPool({
        name: `conv_w${w}`,
        filters: spec.filters,
        kernelSize: w,
        poolSize: attentive ? spec.poolFrames : 0,
        windows,
        form: spec.form,
        seed: spec.seed + 1 + i
      }).apply(input) as tf.SymbolicTensor
  )
  let pooled =
    branches.length === 1
      ? branches[0]
      : (tf.layers.concatenate({ axis: -1, name: 'widths' }).apply(branches) as tf.SymbolicTensor)
  if (attentive)
    pooled = new AttentionPooling({ name: 'attention', seed: spec.seed + 50 }).apply(pooled) as tf.SymbolicTensor
  const outputs = softmaxHeads(pooled, spec)
  return tf.model({ inputs: input, outputs, name: `${spec.model}-${spec.task}` })
}

/** Trainable parameters, computed from the spec alone (the tests check it against tfjs's own count). */
export function parameterCount(spec: ModelSpec): number {
  const convs = spec.filterWidths.reduce((s, w) => s + w * spec.dims * spec.filters + spec.filters, 0)
  const width = spec.filterWidths.length * spec.filters
  const attention = spec.model === 'attentive-cnn' ? width : 0
  const heads = (width + 1) * spec.classes + (spec.task === 'multi' ? 2 * (width + 1) * AUX_CLASSES : 0)
  return convs + attention + heads
}

/** The dropout layers, whose step the train loop advances. */
export function dropoutLayers(model: tf.LayersModel): SeededDropout[] {
  return model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout)
}

/** Switches every time convolution to a form (weights unchanged). */
export function setConvForm(model: tf.LayersModel, form: ConvComputeForm): void {
  for (const l of model.layers) if (l instanceof TimeConvPool) l.form = form
}
