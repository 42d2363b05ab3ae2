/**
 * The head trained on a pretrained encoder's frames (docs/encoders.md): optionally a learned softmax-weighted sum of
 * the encoder's layers (SUPERB's recipe: one scalar per layer), then mean + standard-deviation pooling over the real
 * frames (zero-padded frames are masked out), or attentive statistics pooling, a small ReLU layer, dropout, and the same softmax heads as the CNN
 * (category, and activation/valence for multi-task). Same inputs, losses, folds and runs as the CNN.
 */
import * as tf from '@tensorflow/tfjs'
import type { TaskKind } from '../../../shared/domain/training'
import { SerError } from '../../../shared/errors'
import { softmaxHeads } from './softmax-heads'
import type { LayerArgs } from './time-conv-pool'

/** Units of the hidden layer between the pooled statistics and the softmax */
export const HEAD_HIDDEN = 128

export interface EncoderHeadSpec {
  model: 'encoder-head'
  task: TaskKind
  frames: number
  /** layers × dim: the frame's features, layer after layer */
  dims: number
  /** Encoder layers in each frame (1 unless the weighted sum is asked for) */
  layers: number
  classes: number
  hidden: number
  dropout: number
  seed: number
  /** 'mean-std' over the real frames, or attentive statistics pooling (the run's model 'attentive-cnn') */
  pooling: 'mean-std' | 'attentive'
}

/** SUPERB's weighted sum: [B, T, L·D] → [B, T, D] with weights softmax(w), w learned (initially equal) */
export class LayerWeightedSum extends tf.layers.Layer {
  static className = 'LayerWeightedSum'
  readonly layers: number
  private w: tf.LayerVariable | null = null

  constructor(args: LayerArgs & { layers: number }) {
    super(args)
    this.layers = args.layers
  }

  override build(): void {
    this.w = this.addWeight('layer_weights', [this.layers], 'float32', tf.initializers.zeros())
    this.built = true
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    return [s[0], s[1], (s[2] as number) / this.layers]
  }

  /** The softmax weights, one per layer (which layers the head listens to) */
  layerWeights(): number[] {
    return Array.from(tf.tidy(() => tf.softmax(this.w!.read() as tf.Tensor1D)).dataSync())
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D
      const [b, t, ld] = x.shape
      const d = ld / this.layers
      const alpha = tf.reshape(tf.softmax(this.w!.read() as tf.Tensor1D), [1, 1, this.layers, 1])
      return tf.sum(tf.mul(tf.reshape(x, [b, t, this.layers, d]), alpha), 2)
    })
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), layers: this.layers }
  }
}

/** 1 for a real frame, 0 for padding (all zeros): [B, T, D] → [B, T, 1]; no gradient (tfjs has none for Greater) */
const frameMask = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.cast(tf.greater(tf.sum(tf.abs(x), 2, true), 0), 'float32'),
  gradFunc: () => tf.zerosLike(x)
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor

/** Mean and standard deviation over the real frames: [B, T, D] → [B, 2D]; all-zero frames are padding */
export class MaskedStatsPooling extends tf.layers.Layer {
  static className = 'MaskedStatsPooling'

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    return [s[0], 2 * (s[2] as number)]
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D
      const mask = frameMask(x) // [B, T, 1]
      const n = tf.maximum(tf.sum(mask, 1), 1) // [B, 1]
      const mean = tf.div(tf.sum(tf.mul(x, mask), 1), n) // [B, D]
      const centred = tf.mul(tf.sub(x, tf.expandDims(mean, 1)), mask)
      const std = tf.sqrt(tf.add(tf.div(tf.sum(tf.square(centred), 1), n), 1e-5))
      return tf.concat([mean, std], 1)
    })
  }
}

/**
 * Attentive statistics pooling (Okabe et al., Interspeech 2018): α = softmax over real frames of h_t·u (one learned
 * vector u), then the α-weighted mean and standard deviation: [B, T, D] → [B, 2D]
 */
export class MaskedAttentivePooling extends tf.layers.Layer {
  static className = 'MaskedAttentivePooling'
  readonly seed: number
  private u: tf.LayerVariable | null = null

  constructor(args: LayerArgs & { seed: number }) {
    super(args)
    this.seed = args.seed
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    this.u = this.addWeight(
      'context',
      [s[2] as number, 1],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed })
    )
    this.built = true
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape
    return [s[0], 2 * (s[2] as number)]
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D
      const [b, t, d] = x.shape
      const mask = frameMask(x) // [B, T, 1]
      const scores = tf.reshape(tf.matMul(tf.reshape(x, [b * t, d]), this.u!.read() as tf.Tensor2D), [b, t])
      // softmax over time (tfjs's softmax runs on the last axis); padding gets no weight
      const alpha = tf.expandDims(tf.softmax(tf.add(scores, tf.mul(tf.sub(tf.reshape(mask, [b, t]), 1), 1e9)), -1), 2)
      const mean = tf.sum(tf.mul(x, alpha), 1)
      const second = tf.sum(tf.mul(tf.square(x), alpha), 1)
      const std = tf.sqrt(tf.add(tf.relu(tf.sub(second, tf.square(mean))), 1e-5))
      return tf.concat([mean, std], 1)
    })
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed }
  }
}

let registered = false
export function registerEncoderHeadLayers(): void {
  if (registered) return
  tf.serialization.registerClass(LayerWeightedSum)
  tf.serialization.registerClass(MaskedStatsPooling)
  tf.serialization.registerClass(MaskedAttentivePooling)
  registered = true
}

export function buildEncoderHead(spec: EncoderHeadSpec): tf.LayersModel {
  registerEncoderHeadLayers()
  if (spec.dims % spec.layers !== 0)
    throw new SerError('FIELD_INVALID', `features: ${spec.dims} dims are not ${spec.layers} layers of equal width`, {
      field: 'features'
    })
  if (spec.classes < 2)
    throw new SerError('FIELD_INVALID', `classes: need at least two classes, got ${spec.classes}`, { field: 'classes' })
  const input = tf.input({ shape: [spec.frames, spec.dims], name: 'features' })
  const frames =
    spec.layers > 1
      ? (new LayerWeightedSum({ name: 'layer_sum', layers: spec.layers }).apply(input) as tf.SymbolicTensor)
      : input
  const pool =
    spec.pooling === 'attentive'
      ? new MaskedAttentivePooling({ name: 'attentive_pool', seed: spec.seed + 50 })
      : new MaskedStatsPooling({ name: 'stats_pool' })
  const pooled = pool.apply(frames) as tf.SymbolicTensor
  const hidden = tf.layers
    .dense({
      name: 'hidden',
      units: spec.hidden,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed + 10 })
    })
    .apply(pooled) as tf.SymbolicTensor
  const outputs = softmaxHeads(hidden, spec)
  return tf.model({ inputs: input, outputs, name: `encoder-head-${spec.task}` })
}

export function encoderHeadParameters(spec: EncoderHeadSpec): number {
  const d = spec.dims / spec.layers
  const heads = (spec.hidden + 1) * (spec.classes + (spec.task === 'multi' ? 6 : 0))
  return (
    (spec.layers > 1 ? spec.layers : 0) + (spec.pooling === 'attentive' ? d : 0) + (2 * d + 1) * spec.hidden + heads
  )
}

/** Encoder layers per frame, from the dataset's feature names (`layer3_17` …; one layer otherwise) */
export function layersOf(names: readonly string[]): number {
  const layers = new Set(names.map((n) => /^layer(\d+)_\d+$/.exec(n)?.[1] ?? 'one'))
  return names.length > 0 && names.every((n) => /^layer\d+_\d+$/.test(n)) ? layers.size : 1
}

/** The head's spec for a fold: the dataset's shape and the run's task, dropout and seed */
export function encoderHeadSpec(
  meta: { maxFrames: number; dims: number; names: string[]; classes: readonly string[] },
  config: { task: TaskKind; dropout: number; model: string },
  seed: number
): EncoderHeadSpec {
  return {
    model: 'encoder-head',
    task: config.task,
    frames: meta.maxFrames,
    dims: meta.dims,
    layers: layersOf(meta.names),
    classes: meta.classes.length,
    hidden: HEAD_HIDDEN,
    dropout: config.dropout,
    seed,
    // the run's --attention (model 'attentive-cnn') asks for attentive pooling here too
    pooling: config.model === 'attentive-cnn' ? 'attentive' : 'mean-std'
  }
}
