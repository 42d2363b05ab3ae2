/**
 * Dropout whose masks are a function of (seed, training step), so the same seed reproduces a run and a resumed run
 * draws the masks the uninterrupted one would have. tfjs's own Dropout either draws from Math.random (no seed) or,
 * given a seed, draws the same mask at every step; the train loop sets `step` before each batch instead.
 * Inverted dropout (Keras's): kept units are scaled by 1/(1 − rate), so inference is the identity.
 */
import * as tf from '@tensorflow/tfjs'
import type { Kwargs, LayerArgs } from './time-conv-pool'

export interface SeededDropoutArgs extends LayerArgs {
  rate: number
  seed: number
}

/** A 31-bit mix of seed and step (splitmix-style), so neighbouring steps get unrelated masks. */
export function stepSeed(seed: number, step: number): number {
  let h = (seed * 0x9e3779b1 + step * 0x85ebca77) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return (h ^ (h >>> 16)) >>> 1
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout'
  readonly rate: number
  readonly seed: number
  /** The global training step; set by the train loop before each batch */
  step = 0

  constructor(args: SeededDropoutArgs) {
    super(args)
    this.rate = args.rate
    this.seed = args.seed
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (!kwargs['training'] || this.rate === 0) return tf.clone(x)
    return tf.tidy(() => {
      const keep = tf.greaterEqual(
        tf.randomUniform(x.shape, 0, 1, 'float32', stepSeed(this.seed, this.step)),
        this.rate
      )
      return tf.mul(x, tf.mul(tf.cast(keep, 'float32'), 1 / (1 - this.rate)))
    })
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed }
  }
}
